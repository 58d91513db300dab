export declare function whereN8nReads(runtimeDir: string, names: string[]): Record<string, string | null>;
export declare function hasN8nModule(runtimeDir: string, name: string): boolean;
