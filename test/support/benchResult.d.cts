export declare function peakRssMiB(): number;
export declare function reportBenchResult(result: unknown): string | undefined;
