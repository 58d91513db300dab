#!/usr/bin/env node
/**
 * Builds nodes/core/sentiment/lexicon-fr.json, the French adjective lexicon of the sentiment scorer,
 * from CLiPS Pattern's French sentiment lexicon (public domain, PDDL; github.com/clips/pattern,
 * pattern/text/fr/fr-sentiment.xml). We read the JSON conversion of that file that the npm package
 * `natural` ships (lib/natural/sentiment/French/pattern-sentiment-fr.json), without making `natural` a
 * dependency: `npm pack` fetches the pinned tarball (npm checks its integrity against the registry, and we
 * check it against the pinned one below) into a temporary directory and `tar` extracts that one file.
 *
 * Conversion, in order:
 * 1. Entries that Pattern marks as modifiers (adverbs with an intensity other than 1: très, trop,
 *    vraiment, peu…) are left out: the scorer treats them as intensifiers and diminishers instead.
 * 2. Keys are folded like the scorer folds text: lower case, accents removed (é → e, œ → oe), typographic
 *    apostrophe → ', and a leading elision (l', d'…) dropped, since the scorer splits elisions off.
 * 3. Polarity (−1…+1) becomes an AFINN-like integer: round(polarity × 5), rounding half away from zero,
 *    so −5…+5. When several forms fold to the same key their polarities are averaged first.
 *    Entries with |polarity| ≤ MIN_POLARITY (0.1, half a point) are left out as noise.
 * 4. CORRECTIONS (below) replace or remove entries that are clearly wrong; each one says why.
 *
 * The output is committed; the build does not run this script. Run it again after changing it:
 *   node scripts/build-french-lexicon.mjs
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadCore } from '../bench/core.mjs';

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFile = path.join(repoDir, 'nodes', 'core', 'sentiment', 'lexicon-fr.json');

const NATURAL_VERSION = '8.1.1';
const NATURAL_INTEGRITY =
	'sha512-Ucb+lsUcGxUqu3rn8cwHjT6gJQosO63nIX/aBQXB3+IDkNbFV7PuviysO+Rzz3aKn7PZhPj3bNF4PS9gDVjYCQ==';
const LEXICON_PATH = 'package/lib/natural/sentiment/French/pattern-sentiment-fr.json';

/** Polarities this weak (half a point or less on the −5…+5 scale) are left out: they are noise. */
const MIN_POLARITY = 0.1;

/**
 * Corrections for entries that are wrong for our purpose. Keys are folded forms; a score of 0 removes
 * the entry. Every inflected form is listed, so nothing is implicit. This is a short list of sense
 * errors in the source and of words that do not judge anything, not a way to fix individual sentences.
 */
const CORRECTIONS = [
	// Wrong sign in the source.
	{ forms: ['absurde', 'absurdes'], score: -2, why: 'absurd: negative, the source has +0.40' },
	{ forms: ['reussi', 'reussie', 'reussis', 'reussies'], score: 2, why: 'successful: positive, the source has −0.20' },
	{ forms: ['inadmissible', 'inadmissibles'], score: -4, why: 'unacceptable: negative, the source has +0.40' },
	{ forms: ['physique', 'physiques'], score: 0, why: 'physical: descriptive, the source has +0.80' },
	// Far too weak in the source for what the word means in everyday French.
	{ forms: ['nul', 'nulle', 'nuls', 'nulles'], score: -3, why: '"nul" (rubbish) is strongly negative; the source has −0.20' },
	// Quantifiers, determiners and prepositions the source lists as adjectives: they judge nothing.
	{ forms: ['tout', 'toute', 'tous', 'toutes'], score: 0, why: 'all: a quantifier, the source has +0.22' },
	{ forms: ['plein', 'pleine', 'pleins', 'pleines'], score: 0, why: '"plein de" (lots of): a quantifier, the source has +0.25' },
	{ forms: ['certain', 'certaine', 'certains', 'certaines'], score: 0, why: '"certains" (some): a quantifier, the source has +0.29' },
	{ forms: ['seul', 'seule', 'seuls', 'seules'], score: 0, why: '"le seul" (the only): a quantifier, the source has −0.10' },
	{ forms: ['malgre'], score: 0, why: 'despite: a preposition, the source has +0.20' },
	{ forms: ['juste', 'justes'], score: 0, why: 'mostly the adverb "just", the source has +0.22' },
	{ forms: ['propre', 'propres'], score: 0, why: 'mostly "own" ("son propre"), the source has +0.33' },
	// Descriptive words with an evaluative polarity in the source: they say nothing about satisfaction.
	{ forms: ['premier', 'premiere', 'premiers', 'premieres'], score: 0, why: 'first: descriptive, the source has +0.50' },
	{ forms: ['dernier', 'derniere', 'derniers', 'dernieres'], score: 0, why: 'last: descriptive, the source has −0.29' },
	{ forms: ['final', 'finale', 'finales', 'finaux'], score: 0, why: 'final ("au final", in the end): descriptive, the source has −0.50' },
	{ forms: ['nouveau', 'nouvel', 'nouvelle', 'nouveaux', 'nouvelles'], score: 0, why: 'new: descriptive, the source has +0.34' },
	{ forms: ['vieux', 'vieille', 'vieilles', 'vieil'], score: 0, why: 'old: descriptive, the source has +0.50' },
	{ forms: ['jeune', 'jeunes'], score: 0, why: 'young: descriptive, the source has +0.32' },
	{ forms: ['noir', 'noire', 'noirs', 'noires'], score: 0, why: 'black: a colour, the source has −0.10' },
	{ forms: ['different', 'differente', 'differents', 'differentes'], score: 0, why: 'different: descriptive, the source has +0.40' },
	{ forms: ['droit', 'droite', 'droits', 'droites'], score: 0, why: 'right (noun, side): descriptive, the source has +0.17' },
	{ forms: ['international', 'internationale', 'internationales', 'internationaux'], score: 0, why: 'descriptive, the source has +0.35' },
	{ forms: ['animal', 'animale', 'animales'], score: 0, why: 'descriptive, the source has −0.30' },
	{ forms: ['rond', 'ronde', 'ronds', 'rondes'], score: 0, why: 'round: a shape, the source has −0.30' },
	{ forms: ['reel', 'reelle', 'reels', 'reelles'], score: 0, why: 'real: descriptive, the source has +0.20' },
	{ forms: ['grave', 'graves'], score: 0, why: 'serious (negative) or, in slang, "very": ambiguous, the source has +0.40' },
	{ forms: ['francais', 'francaise', 'francaises'], score: 0, why: 'French: a nationality, descriptive, the source rates it positive' },
	{ forms: ['special', 'speciale', 'speciaux', 'speciales'], score: 0, why: 'special ("effets spéciaux", "offre spéciale"): descriptive, the source rates it positive' },
	// Folding removes the accent that told two words apart: the folded key would match the other, more
	// frequent word (sûr → sur "on", âpres → après "after", passé → passe "passes"…).
	{
		forms: ['sur', 'sure', 'sures', 'surs', 'apre', 'apres', 'passe', 'donne', 'pose', 'posee', 'poses', 'force', 'ferme',
			'arme', 'armee', 'armes', 'glace', 'cache', 'tombe', 'leve', 'levee', 'leves', 'mur', 'mure', 'mures', 'murs'],
		score: 0,
		why: 'after folding these spell a more frequent other word (sûr/sur, âpres/après, passé/passe, glacé/glace…)',
	},
];

// The folding the scorer applies to text, loaded from the TypeScript (nodes/core/textFolding.ts), not copied.
const { dropLeadingElision, foldAccents } = await loadCore(
	"export { dropLeadingElision, foldAccents } from './nodes/core/textFolding';",
);
const fold = (word) => dropLeadingElision(foldAccents(word.toLowerCase()));

const toScale = (polarity) => Math.sign(polarity) * Math.round(Math.abs(polarity) * 5);

function fetchSource(workDir) {
	const output = execFileSync(
		'npm',
		['pack', `natural@${NATURAL_VERSION}`, '--json', '--ignore-scripts', '--pack-destination', workDir],
		{ cwd: workDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const [packed] = JSON.parse(output);
	if (packed.integrity !== NATURAL_INTEGRITY) {
		throw new Error(`natural@${NATURAL_VERSION} integrity ${packed.integrity} is not the pinned ${NATURAL_INTEGRITY}`);
	}
	execFileSync('tar', ['-xzf', path.join(workDir, packed.filename), '-C', workDir, LEXICON_PATH]);
	return JSON.parse(fs.readFileSync(path.join(workDir, LEXICON_PATH), 'utf8'));
}

function convert(source) {
	const sums = new Map();
	let modifiers = 0;
	for (const entry of Object.values(source)) {
		if (entry.pos === 'RB' && Number(entry.intensity) !== 1) {
			modifiers += 1;
			continue;
		}
		const key = fold(entry.form);
		if (!/^[a-z][a-z'-]*$/.test(key)) continue;
		const sum = sums.get(key) ?? { polarity: 0, count: 0 };
		sum.polarity += Number(entry.polarity);
		sum.count += 1;
		sums.set(key, sum);
	}
	const labels = {};
	for (const [key, { polarity, count }] of sums) {
		const mean = polarity / count;
		if (Math.abs(mean) <= MIN_POLARITY) continue;
		const score = toScale(mean);
		if (score !== 0) labels[key] = score;
	}
	const corrected = [];
	for (const { forms, score, why } of CORRECTIONS) {
		for (const form of forms) {
			if (score === 0) delete labels[form];
			else labels[form] = score;
		}
		corrected.push(`${forms.join('/')} → ${score === 0 ? 'removed' : score}: ${why}`);
	}
	const sorted = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
	return { labels: sorted, modifiers, sourceEntries: Object.keys(source).length, corrected };
}

function main() {
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'french-lexicon-'));
	try {
		const { labels, modifiers, sourceEntries, corrected } = convert(fetchSource(workDir));
		const output = {
			about:
				'Generated by scripts/build-french-lexicon.mjs from CLiPS Pattern fr-sentiment (public domain, PDDL) ' +
				`as shipped in natural@${NATURAL_VERSION}; see SOURCES.md. Do not edit by hand.`,
			scale: 'round(polarity × 5), −5…+5; keys folded (lower case, no accents, no leading elision)',
			sourceEntries,
			modifiersLeftOut: modifiers,
			corrections: corrected,
			labels,
		};
		fs.writeFileSync(outFile, `${JSON.stringify(output, null, '\t')}\n`);
		console.log(`${path.relative(repoDir, outFile)}: ${Object.keys(labels).length} entries from ${sourceEntries}`);
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

main();
