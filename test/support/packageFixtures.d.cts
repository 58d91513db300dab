export interface PackageReport {
	passed: boolean;
	problems: string[];
	files: string[];
	requires: Record<string, string[]>;
	scannerPassed: boolean;
}
export declare function checkPackage(args?: string[]): { exitCode: number | null; report: PackageReport };
export declare function tamperedTarball(): { tarball: string; cleanup: () => void };
