/**
 * One row per class of hostile or unusual YAML the loader must turn into positioned errors (or
 * accept, when that is correct). Shared by the spec and by the fuzzer's regression list.
 */
const HEAD = "version: 1\ndefaults:\n  region: us-east-1\n";
const ONE = "connections:\n  - name: aviti-runs\n    vendor: element\n    bucket: lab-runs\n    credential:\n      type: user\n";

export interface Row {
  name: string;
  text: string;
  /** `line:column message` of each error, or undefined when the file is accepted. */
  errors?: string[];
  /** For accepted files: the warnings, `line:column message`. */
  warnings?: string[];
}

export const deep = (levels: number) => `${HEAD}${ONE}    tags:\n      x: ${"[".repeat(levels)}${"]".repeat(levels)}\n`;
export const bomb = () => {
  const lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
  for (let i = 1; i < 6; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(", ")}]`,
    );
  return `${lines.join("\n")}\n`;
};
export const reuse = () => {
  let text = `${HEAD}connections:\n`;
  for (let i = 0; i < 100; i++) {
    text += `  - name: conn-${i}\n    vendor: ica\n    bucket: lab-runs-${i}\n    credential: ${i === 0 ? "&cred " : ""}${i === 0 ? "\n      type: user" : "*cred"}\n`;
  }
  return text;
};

const FIX_ALIAS = 'write "&{n}" before a value above this line, or write the value here instead of the alias';
const INVISIBLE = "which cannot be seen: delete it (retype the value if unsure where it is)";
const TAG_FIX = "is not supported: remove it, and quote the value if it must stay text";
const WEB_ID = `1 to 256 printable ASCII characters, with no spaces, no wildcards (* or ?) and no policy variables (\${...}); copy it from the destination's setup page`;
const PUBLIC = 'statement "Probe" allows Principal "*", which would make the bucket public; name the IAM principals instead';
const STATEMENT = (principal: string) =>
  `buckets:\n  lab-runs:\n    extraPolicyStatements:\n      - Sid: Probe\n        Effect: Allow\n        Principal: ${principal}\n        Action: s3:GetObject\n        Resource: arn:aws:s3:::lab-runs/*\n`;
const PREQUEL = "connections:\n  - name: billing-export\n    vendor: prequel\n    bucket: lab-exports\n    credential:\n      type: role\n";

export const ROWS: Row[] = [
  {
    name: "merge key with a map source",
    text: `${HEAD}base: &b { type: user }\n${ONE.replace("      type: user\n", "      <<: *b\n")}`,
    errors: ['10:7 YAML syntax error: merge keys ("<<") are not supported: write the keys out here, or make the whole value an alias ("key: *name")'],
  },
  {
    name: "merge key with a text source",
    text: `${HEAD}${ONE}    <<: x\n`,
    errors: ['10:5 YAML syntax error: merge keys ("<<") are not supported: write the keys out here, or make the whole value an alias ("key: *name")'],
  },
  {
    name: "alias without anchor",
    text: `${HEAD}${ONE.replace("vendor: element", "vendor: *vendor")}`,
    errors: [`6:13 YAML syntax error: the alias "*vendor" names no anchor: ${FIX_ALIAS.replace(/\{n\}/g, "vendor")}`],
  },
  {
    name: "alias inside its own anchor",
    text: `${HEAD}connections: &a [ *a ]\n`,
    errors: [
      '4:19 YAML syntax error: the alias "*a" is inside the value its anchor "&a" names, so the value would contain itself: write the value out instead',
    ],
  },
  {
    name: "alias bomb",
    text: bomb(),
    errors: [
      "4:45 YAML syntax error: the aliases up to here repeat more than 10073 values (an alias of a list of aliases repeats everything they name): write the values out, or alias only the blocks you reuse",
    ],
  },
  { name: "100 aliases of one credential block", text: reuse(), warnings: undefined },
  {
    name: "nesting deeper than a connections file needs",
    text: deep(20),
    errors: [
      "11:22 YAML syntax error: values are nested more than 16 levels deep here, and a connections file never needs more than 8: close the brackets sooner, or remove the extra levels",
    ],
  },
  {
    name: "3,000 nested lists",
    text: deep(3000),
    errors: [
      "11:22 YAML syntax error: values are nested more than 16 levels deep here, and a connections file never needs more than 8: close the brackets sooner, or remove the extra levels",
    ],
  },
  {
    name: "map as a key",
    text: `${HEAD}  tags:\n    ? { a: b }\n    : genomics\n${ONE}`,
    errors: ['5:7 YAML syntax error: a map is used as a key, and keys must be text: write the key as text ("key: value"), or remove the "?" that starts it'],
  },
  {
    name: "list as a key",
    text: `${HEAD}  tags:\n    [a, b]: genomics\n${ONE}`,
    errors: ['5:5 YAML syntax error: a list is used as a key, and keys must be text: write the key as text ("key: value"), or remove the "?" that starts it'],
  },
  {
    name: "__proto__ key",
    text: `${HEAD}  tags:\n    __proto__: x\n${ONE}`,
    errors: [
      '5:5 "__proto__" cannot be used as a key: it is reserved, and reading the file would drop it (and what it holds) without a word; remove it, or rename it',
    ],
  },
  {
    name: "constructor key in a credential",
    text: `${HEAD}${ONE}      constructor: x\n`,
    errors: ['10:7 connection "aviti-runs": credential: unknown key "constructor": allowed here: type, accessKeys, pgpKey'],
  },
  {
    name: "constructor as an encryption type",
    text: `${HEAD}buckets:\n  lab-runs:\n    encryption: { type: constructor }\n${ONE}`,
    errors: ['6:25 bucket "lab-runs": encryption.type: "constructor" is not an encryption type: use sse-s3 or sse-kms'],
  },
  {
    name: 'keys equal as text (123 and "123")',
    text: `${HEAD}buckets:\n  123:\n  "123":\n    versioning: disabled\n${ONE}`,
    errors: ['6:3 YAML syntax error: "123" is set twice in the same map (first on line 5): keep one of them'],
  },
  {
    name: "%YAML 1.1 directive",
    text: `%YAML 1.1\n---\n${HEAD}${ONE}`,
    errors: ['1:1 YAML syntax error: the directive "%YAML 1.1" is not supported: delete this line; the file is read as YAML 1.2'],
  },
  {
    name: "unknown directive",
    text: `%FOO bar\n---\n${HEAD}${ONE}`,
    errors: ['1:1 YAML syntax error: the directive "%FOO bar" is not supported: delete this line (a connections file needs no directives)'],
  },
  {
    name: "unresolved tag",
    text: `${HEAD}${ONE.replace("vendor: element", "vendor: !vendor element")}`,
    errors: [`6:13 YAML syntax error: the tag "!vendor" ${TAG_FIX}`],
  },
  {
    name: "!!binary tag",
    text: `${HEAD}${ONE.replace("bucket: lab-runs", "bucket: !!binary bGFiLXJ1bnM=")}`,
    errors: [`7:13 YAML syntax error: the tag "!!binary" ${TAG_FIX}`],
  },
  {
    name: "zero-width space in a name",
    text: `${HEAD}${ONE.replace("name: aviti-runs", "name: aviti\u200b-runs")}`,
    errors: [`5:16 the value "aviti\\u{200B}-runs" contains U+200B, zero-width space, ${INVISIBLE}`],
  },
  {
    name: "byte order mark inside a value",
    text: `${HEAD}  tags:\n    team: "gen\ufeffomics"\n${ONE}`,
    errors: [`5:15 the value "gen\\u{FEFF}omics" contains U+FEFF, byte order mark, ${INVISIBLE}`],
  },
  {
    name: "control character in a value",
    text: `${HEAD}  tags:\n    team: "gen\\x07omics"\n${ONE}`,
    errors: [`5:11 the value "gen\\u{7}omics" contains U+0007, control character, ${INVISIBLE}`],
  },
  {
    name: "control character in a key",
    text: `${HEAD}  tags:\n    "te\\u0001am": genomics\n${ONE}`,
    errors: ['5:5 the key "te\\u{1}am" contains U+0001, control character, which cannot be seen: delete it (retype the key if unsure where it is)'],
  },
  {
    name: 'principal " *"',
    text: `${HEAD}${STATEMENT('{ AWS: " *" }')}${ONE}`,
    errors: [`9:20 bucket "lab-runs": extraPolicyStatements[0].Principal: ${PUBLIC}`],
  },
  {
    name: "principal * and a zero-width space",
    text: `${HEAD}${STATEMENT('"*\u200b"')}${ONE}`,
    errors: [`9:22 the value "*\\u{200B}" contains U+200B, zero-width space, ${INVISIBLE}`],
  },
  {
    name: "subject with a policy variable",
    text: `${HEAD}${PREQUEL}      subject: \${accounts.google.com:sub}\n`,
    errors: [`10:16 connection "billing-export": credential.subject: "\${accounts.google.com:sub}" (it contains "$") is not a valid subject: ${WEB_ID}`],
  },
  {
    name: "audience with a wildcard",
    text: `${HEAD}${PREQUEL}      subject: "1034567"\n      audience: org_?\n`,
    errors: [`11:17 connection "billing-export": credential.audience: "org_?" (it contains "?") is not a valid audience: ${WEB_ID}`],
  },
  {
    name: "two keys on one line (nested compact mapping)",
    text: `${HEAD}${ONE}    prefix: runs: aviti\n`,
    errors: [
      '10:13 YAML syntax error: this line has a second "key: value" on the same line as a key: put the inner map on its own lines, indented under the key, or quote the value if its ": " is part of the text',
    ],
  },
  {
    name: "key out of line with its map",
    text: `${HEAD}connections:\n  - name: aviti-runs\n    vendor: element\n   bucket: lab-runs\n    credential:\n      type: user\n`,
    errors: ['7:4 YAML syntax error: "bucket:" is indented 3 spaces, but "vendor:" above it 4: indent the keys of one map by the same number of spaces'],
  },
  {
    name: "a list where a key belongs (block sequence as implicit key)",
    text: `${HEAD}- a: b\n`,
    errors: [
      '4:1 YAML syntax error: a "- " list is written where a key belongs: put the list on the lines after its key ("key:" then "  - item"), indented under it',
    ],
  },
  {
    name: "list item out of line with the items above",
    text: `${HEAD}connections:\n  - name: aviti-runs\n    vendor: element\n   - bucket: x\n`,
    errors: ['7:4 YAML syntax error: this item is not in line with the items above it: start every "- " of one list at the same column'],
  },
  {
    name: "a list inside brackets (block collection in flow collection)",
    text: `${HEAD}tags: { a: - b }\n`,
    errors: [
      '4:12 YAML syntax error: inside "[ ]" or "{ }" everything is written on the line, with ", " between items: write "- " lists and "key:" lines outside the brackets',
    ],
  },
  {
    name: "text without a key (implicit key without value)",
    text: `version: 1\n"quoted" trailing\n`,
    errors: ['2:1 YAML syntax error: a key must be followed by ": " on the same line: write "key: value", or quote text that spans lines'],
  },
  {
    name: "overlapping prefixes, summarised per connection",
    text: `${HEAD}connections:\n${["runs", "runs/x", undefined, "other", "runs/x/y"].map((p, i) => `  - { name: conn-${i}, vendor: element, bucket: lab-runs, ${p ? `prefix: ${p}, ` : ""}credential: { type: user } }\n`).join("")}`,
    warnings: [
      '6:64 warning: connection "conn-1": prefix: connections "conn-0" and "conn-1" share the prefix "runs/" of bucket "lab-runs": each can reach what the other writes there',
      '7:5 warning: connection "conn-2": prefix has 2 earlier connections overlapping it on all of bucket "lab-runs" ("conn-0" and "conn-1"): each can reach what the others write there',
      '8:64 warning: connection "conn-3": prefix: connections "conn-2" and "conn-3" share all of bucket "lab-runs": each can reach what the other writes there',
      '9:64 warning: connection "conn-4": prefix has 3 earlier connections overlapping it on the prefix "runs/x/y/" of bucket "lab-runs" ("conn-0", "conn-1" and "conn-2"): each can reach what the others write there',
    ],
  },
];
