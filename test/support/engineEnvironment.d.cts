export declare function useTemporaryN8nFolder(): () => void;
export declare function requireFromN8nCore(id: string): unknown;
export declare function repoFiles(folder: string, suffix: string): string[];
export declare function loadModule(file: string): Record<string, unknown>;
export declare function readRepoJson(relativePath: string): unknown;
