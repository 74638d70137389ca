/** offline/optimisations.js, for the TypeScript that reads the switch. */
export declare const VARIABLE: "VENDOR_CONNECTIONS_OPTIMISATIONS";
export declare function optimisationOff(name: string, env?: NodeJS.ProcessEnv): boolean;
