import { loadConnectionsFile, formatProblem } from "./model/load";
const r = loadConnectionsFile(process.argv[2], "connections/t.yaml");
if (!r.ok) r.errors.forEach(e => console.log(formatProblem(e)));
else console.log(JSON.stringify(r.model, null, 1));
r.warnings.forEach(e => console.log(formatProblem(e)));
