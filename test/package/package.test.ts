import { checkPackage, tamperedTarball } from '../support/packageFixtures.cjs';

jest.setTimeout(180_000);

describe('the packed package', () => {
	it('has no runtime dependencies, loads only what n8n provides, and passes n8n’s community scanner', () => {
		const { exitCode, report } = checkPackage();
		expect(report.problems).toEqual([]);
		expect(exitCode).toBe(0);
		expect(report.scannerPassed).toBe(true);
		expect(report.files).toEqual(
			expect.arrayContaining([
				'dist/nodes/SurveyTrigger/SurveyTrigger.node.js',
				'dist/nodes/SurveyTrigger/SurveyTrigger.node.json',
				'dist/nodes/SurveyTrigger/surveyTrigger.svg',
				'dist/nodes/ScoreClassify/ScoreClassify.node.js',
				'dist/nodes/ScoreClassify/ScoreClassify.node.json',
				'dist/nodes/ScoreClassify/scoreClassify.svg',
			]),
		);
		// Sources, tests and tooling stay out of what users install.
		expect(report.files.filter((file: string) => !file.startsWith('dist/') && file !== 'package.json' && file !== 'README.md' && file !== 'LICENSE.md' && file !== 'THIRD_PARTY_NOTICES.md')).toEqual([]);
	});

	it('fails on a package with a runtime dependency, a foreign require and a timer', () => {
		const tampered = tamperedTarball();
		try {
			const { exitCode, report } = checkPackage(['--tarball', tampered.tarball]);
			expect(exitCode).toBe(1);
			expect(report.problems).toEqual(
				expect.arrayContaining([
					'package.json has dependencies: axios',
					expect.stringMatching(/SurveyTrigger\.node\.js loads "axios" at run time/),
					expect.stringMatching(/community package scanner[\s\S]*setTimeout/),
				]),
			);
		} finally {
			tampered.cleanup();
		}
	});
});
