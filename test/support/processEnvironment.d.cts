export declare function withEnvironment<T>(variables: Record<string, string | undefined>, run: () => T): T;
