export declare function writeJsonFile(dir: string, name: string, value: unknown): string;
export declare function readJsonFile<T = any>(file: string): T;
