// Types of bin/build-node.mjs (plain JavaScript: it runs before anything is built).
export const ROOT: string;
export const NODE_DIST: string;
export function nodeBuildIsStale(): boolean;
export function buildNode(): Promise<string>;
export function builtCli(log?: (line: string) => void): Promise<string>;
