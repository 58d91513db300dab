export declare function readFixture(relativePath: string): Buffer;
export declare function readJsonFixture<T = any>(relativePath: string): T;
