#!/usr/bin/env node
/**
 * `npm run bench:accuracy`: accuracy of the sentiment scorer (nodes/core/sentiment) on the labelled
 * development files in ../shared/data/sentiment/*.json (each a list of { text, label }, label 0
 * negative / 1 positive; SOURCES.md there describes them), against the raw `sentiment` package.
 *
 * Both sides are read as a binary decision, the same way:
 * - raw `sentiment.analyze(text)` (English AFINN, also run as is on French, as a floor): positive when
 *   score > 0, otherwise negative;
 * - ours, `analyseSentiment(text)` with language detection: positive when the label is `positive`,
 *   otherwise negative — so `neutral` and `unknown` count as negative, as a raw score of 0 does.
 *
 * Goals: every English file (en-*.json) at least raw + 5 points, every French file (fr-*.json) at least
 * 0.78. Prints one row per file, then exits 1 when a goal is missed (2 when the data is missing).
 *
 * The TypeScript core is bundled with esbuild into a temporary file, so no `npm run build` is needed.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadCore } from './core.mjs';


const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(repoDir, '..', 'shared', 'data', 'sentiment');
const require = createRequire(import.meta.url);

const ENGLISH_MARGIN = 0.05;
const FRENCH_GOAL = 0.78;

const loadSentiment = () => loadCore("export * from './nodes/core/sentiment';");

function goalFor(file, rawAccuracy) {
	if (file.startsWith('en-')) return { goal: rawAccuracy + ENGLISH_MARGIN, rule: `raw + ${ENGLISH_MARGIN * 100} points` };
	if (file.startsWith('fr-')) return { goal: FRENCH_GOAL, rule: `≥ ${FRENCH_GOAL}` };
	return { goal: undefined, rule: 'none' };
}

function evaluate(items, core, raw) {
	let rawRight = 0;
	let oursRight = 0;
	const labels = { positive: 0, neutral: 0, negative: 0, unknown: 0 };
	const languages = {};
	for (const { text, label } of items) {
		if ((raw.analyze(text).score > 0 ? 1 : 0) === label) rawRight++;
		const result = core.analyseSentiment(text);
		labels[result.label]++;
		languages[result.language ?? 'none'] = (languages[result.language ?? 'none'] ?? 0) + 1;
		if ((result.label === 'positive' ? 1 : 0) === label) oursRight++;
	}
	return { raw: rawRight / items.length, ours: oursRight / items.length, labels, languages };
}

async function main() {
	if (!fs.existsSync(dataDir)) {
		console.error(`No development data in ${dataDir} (the repository expects ../shared beside it).`);
		process.exit(2);
	}
	const files = fs.readdirSync(dataDir).filter((file) => file.endsWith('.json')).sort();
	if (files.length === 0) {
		console.error(`No *.json file in ${dataDir}.`);
		process.exit(2);
	}
	const Sentiment = require('sentiment');
	const raw = new Sentiment();
	const core = await loadSentiment();

	const rows = [];
	let missed = 0;
	for (const file of files) {
		const items = JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8'));
		const figures = evaluate(items, core, raw);
		const { goal, rule } = goalFor(file, figures.raw);
		const met = goal === undefined || figures.ours >= goal - 1e-9;
		if (!met) missed++;
		rows.push({
			file,
			items: items.length,
			raw: figures.raw.toFixed(3),
			ours: figures.ours.toFixed(3),
			goal: goal === undefined ? '-' : `${goal.toFixed(3)} (${rule})`,
			met: goal === undefined ? '-' : met ? 'yes' : 'NO',
			'ours: pos/neu/neg/unk': `${figures.labels.positive}/${figures.labels.neutral}/${figures.labels.negative}/${figures.labels.unknown}`,
			languages: Object.entries(figures.languages).map(([language, count]) => `${language} ${count}`).join(', '),
		});
	}
	console.log('Sentiment accuracy on ../shared/data/sentiment (raw: sentiment score > 0 is positive; ours: label positive is positive, neutral and unknown count as negative)');
	console.table(rows);
	if (missed > 0) {
		console.log(`${missed} goal(s) missed.`);
		process.exit(1);
	}
	console.log('All goals met.');
}

main().catch((error) => {
	console.error(error);
	process.exit(2);
});
