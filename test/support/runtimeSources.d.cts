export declare function whereN8nReads(runtimeDir: string, names: string[]): Record<string, string | null>;
