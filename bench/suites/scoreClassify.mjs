/**
 * Score & Classify speed.
 *
 * 1. Core throughput: sentiment (English or French, with language detection) and topic tagging of
 *    10,000 mixed English and French comments, against the raw `sentiment` package's analyze() on
 *    the same texts, in the same process, in interleaved rounds. Ratio = ours / raw, goal ≥ 0.5.
 *    The comments are the development sentences in ../shared/data/sentiment/, cycled.
 * 2. The node in n8n's engine: 100,000 items through Score & Classify in the node-test harness
 *    (n8n-core's WorkflowExecute), reporting the time and the peak RSS of that process.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { loadCore } from '../core.mjs';

export const name = 'scoreClassify';
export const description = 'Score & Classify: comment analysis throughput against raw sentiment, and 100,000 items in the n8n engine';

const GOAL = 0.5;
const COMMENTS = 10_000;
const ROUNDS = 5;


function loadComments(repoDir) {
	const dataDir = process.env.CLOSED_LOOP_SENTIMENT_DATA ?? path.resolve(repoDir, '..', 'shared', 'data', 'sentiment');
	if (!fs.existsSync(dataDir)) throw new Error(`no development data in ${dataDir} (the repository expects ../shared beside it)`);
	const read = (file) => JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8')).map((entry) => entry.text);
	const english = fs.readdirSync(dataDir).filter((file) => /^en-.*\.json$/.test(file)).flatMap(read);
	const french = fs.readdirSync(dataDir).filter((file) => /^fr-.*\.json$/.test(file)).flatMap(read);
	if (!english.length || !french.length) throw new Error(`${dataDir} needs en-*.json and fr-*.json files`);
	return Array.from({ length: COMMENTS }, (_, n) => (n % 2 ? french[n % french.length] : english[n % english.length]));
}

function itemsPerSecond(comments, analyze) {
	const started = process.hrtime.bigint();
	let checksum = 0;
	for (const comment of comments) checksum += analyze(comment) ? 1 : 0;
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (checksum !== comments.length) throw new Error('an analysis returned nothing');
	return comments.length / seconds;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function run(context) {
	const { repoDir, log } = context;
	const require = createRequire(import.meta.url);
	const Sentiment = require('sentiment');
	const raw = new Sentiment();
	const core = await loadCore("export { readComment } from './nodes/core/comment'; export { defaultTopicLibrary } from './nodes/core/topics';");
	const topics = core.defaultTopicLibrary();
	const comments = loadComments(repoDir);

	const rawAnalyze = (text) => raw.analyze(text);
	// What Score & Classify does with a comment: one pass for sentiment, language and topics.
	const ours = (text) => {
		const { sentiment, topics: found } = core.readComment(text, topics);
		return sentiment && found;
	};
	itemsPerSecond(comments, rawAnalyze);
	itemsPerSecond(comments, ours);
	const rawRounds = [];
	const ourRounds = [];
	for (let round = 1; round <= ROUNDS; round++) {
		rawRounds.push(itemsPerSecond(comments, rawAnalyze));
		ourRounds.push(itemsPerSecond(comments, ours));
		log(`round ${round}/${ROUNDS}: raw ${rawRounds.at(-1).toFixed(0)} /s, ours ${ourRounds.at(-1).toFixed(0)} /s`);
	}
	const baseline = median(rawRounds);
	const oursFigure = median(ourRounds);

	log('100,000 items through Score & Classify in the engine harness (jest --selectProjects bench)');
	const resultFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'closed-loop-bench-engine-')), 'result.json');
	const engine = spawnSync('npx', ['jest', '--selectProjects', 'bench', '--runInBand', '--silent'], {
		cwd: repoDir,
		env: { ...process.env, CLOSED_LOOP_BENCH: '1', CLOSED_LOOP_BENCH_RESULT: resultFile },
		stdio: ['ignore', 'inherit', 'inherit'],
	});
	if (engine.status !== 0 || !fs.existsSync(resultFile)) throw new Error(`the engine run failed (${engine.signal ?? `exit ${engine.status}`})`);
	const { items, seconds, peakRssMiB, outputs } = JSON.parse(fs.readFileSync(resultFile, 'utf8'));

	return {
		title: description,
		rows: [
			{
				metric: `Comment analysis, ${COMMENTS.toLocaleString('en')} mixed English and French comments (median of ${ROUNDS} rounds)`,
				unit: 'items/s',
				baselineLabel: 'raw sentiment.analyze',
				oursLabel: 'sentiment + language + topics',
				baseline,
				ours: oursFigure,
				ratio: oursFigure / baseline,
				goal: GOAL,
			},
			{
				metric: `${items.toLocaleString('en')} items through the node in n8n's engine`,
				value: seconds,
				unit: 's',
				detail: `${Math.round(items / seconds).toLocaleString('en')} items/s, peak RSS ${peakRssMiB} MiB, outputs ${JSON.stringify(outputs)}`,
			},
		],
		details: { rawRounds, ourRounds, engine: { items, seconds, peakRssMiB, outputs } },
	};
}
