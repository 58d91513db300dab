/**
 * English: the `sentiment` package's data — AFINN-165 word list, its emoji list (Emoji Sentiment
 * Ranking) and its negators — scored by the shared scorer (scorer.ts).
 *
 * A comment made only of plain AFINN words, with at most a negator right before one of them, scores as
 * `sentiment.analyze` scores it (negation flips the sign). On top of that:
 * - negation reaches `NEGATION_WINDOW` tokens ("not a good", "wasn't very good") instead of one, and the
 *   negator list adds what `sentiment` lacks (wasn't, didn't, never, no, without, lacks, far from…);
 *   "not only" does not negate;
 * - intensifiers and diminishers (very, really, slightly, kind of…); `super`, `great`, `total`…
 *   strengthen a following sentiment word ("a great disappointment"), `pretty` is an adverb ("pretty
 *   bad" is bad, not +1 −3);
 * - `like` counts only as a verb, after a pronoun or an auxiliary ("I like", "didn't like"), not in
 *   "tastes like" or "felt like";
 * - fixed phrases: return intent ("will be back", "won't come back"), "a must", "well done", "waste of
 *   time", "at best";
 * - adverbs of AFINN adjectives that AFINN lacks (superbly, horribly…), and cx-en.json, a customer-
 *   feedback vocabulary (see README.md);
 * - contrast (`but`, `however`), `!`, emoticons and ratings (see text.ts, scorer.ts).
 */
import afinn from 'sentiment/languages/en/labels.json';
import sentimentNegators from 'sentiment/languages/en/negators.json';

import cxFile from './cx-en.json';
import { readCxVocabulary } from './cx';
import { buildLanguageGrammar } from './lexicons';
import { phrasesByToken } from './scorer';
import type { GrammarSpec } from './scorer';

/** Token sequences read as one token; the token's score, if any, is in PHRASE_LABELS. */
const PHRASES = phrasesByToken({
	'kind-of': ['kind of', 'sort of'],
	'a-bit': ['a bit', 'a little bit', 'a little'],
	'not-only': ['not only'],
	'far-from': ['far from'],
	'at-best': ['at best'],
	'a-must': ['a must', 'must see', 'must try', 'must visit', 'must have'],
	'come-back': ['be back', 'come back', 'coming back', 'go back', 'going back', 'get back', 'return again'],
	'well-done': ['well done', 'well worth', 'well made', 'well written', 'well cooked', 'well prepared',
		'well organized', 'well organised', 'well packaged', 'well presented', 'well run', 'well priced', 'well played',
		'well acted', 'well directed', 'well crafted', 'well executed', 'well designed', 'well maintained', 'well balanced'],
	'waste-of-time': ['waste of time', 'waste your time', 'waste of money', 'waste your money', 'waste my time',
		'waste of my time'],
	'rip-off': ['rip off'],
	// "no less impressive" is as impressive; concessions and saving graces (see `concessive`).
	// ("even though" is read by its "though"; phrases starting with "the" or "in" would cost a look-up on every one.)
	'no-less': ['no less'],
	'despite': ['spite of'],
	'at-least': ['at least', 'only good thing', 'only positive', 'only redeeming', 'thankfully', 'luckily'],
	// Counterfactuals (see `irrealis`): "it could have been great".
	'could-have': ['could have', 'would have', 'should have', "could've", "would've", "should've", 'couldve', 'wouldve',
		'shouldve', 'i wish', 'had hoped', 'was hoping', 'were hoping'],
	// Idioms where a negator does not negate: "nothing short of amazing", "never ceases to amaze".
	'nothing-short-of': ['nothing short of'],
	'never-ceases-to': ['never ceases to', 'never cease to', 'never ceased to'],
});
const PHRASE_LABELS: Readonly<Record<string, number>> = {
	'a-must': 3, 'must-see': 3, 'must-try': 3, 'must-have': 3, 'come-back': 2, 'well-done': 2, 'well-made': 2,
	'well-written': 2, 'well-organized': 2, 'well-organised': 2, 'waste-of-time': -3, 'rip-off': -3,
};

const NEGATORS = [
	...Object.keys(sentimentNegators),
	'no', 'zero', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'without', 'cannot', 'far-from',
	"didn't", 'didnt', "wasn't", 'wasnt', "weren't", 'werent', "aren't", 'arent', "couldn't", 'couldnt',
	"wouldn't", 'wouldnt', "shouldn't", 'shouldnt', "haven't", 'havent', "hasn't", 'hasnt', "hadn't", 'hadnt',
	"ain't", 'aint', "mustn't", "needn't", 'hardly', 'barely', 'rarely', 'seldom',
	'lack', 'lacks', 'lacked', 'lacking',
];

const MODIFIERS: Readonly<Record<string, number>> = {
	very: 1.5, really: 1.5, so: 1.5, too: 1.5, extremely: 1.5, incredibly: 1.5, absolutely: 1.5, totally: 1.5,
	completely: 1.5, truly: 1.5, highly: 1.5, utterly: 1.5, awfully: 1.5, terribly: 1.5, insanely: 1.5, greatly: 1.5,
	deeply: 1.5, seriously: 1.3,
	especially: 1.3, particularly: 1.3, most: 1.3,
	super: 1.5, damn: 1.5, fucking: 1.5, freaking: 1.5, great: 1.5, big: 1.5, huge: 1.5, real: 1.5, total: 1.5,
	complete: 1.5, absolute: 1.5, utter: 1.5, pretty: 1, quite: 1, 'nothing-short-of': 1.5, 'never-ceases-to': 1.5,
	less: -0.5, fairly: 0.75, rather: 0.75, somewhat: 0.5, slightly: 0.5, 'a-bit': 0.5, 'kind-of': 0.5, kinda: 0.5,
};

/** AFINN adjectives' adverbs AFINN lacks: superb → superbly, horrible → horribly, happy → happily. */
function adverbs(labels: Readonly<Record<string, number>>, isModifier: (word: string) => boolean): Record<string, number> {
	const derived: Record<string, number> = {};
	for (const [word, score] of Object.entries(labels)) {
		if (!/^[a-z]{3,}$/.test(word) || word.endsWith('ly') || word.endsWith('ed') || word.endsWith('ing')) continue;
		let adverb: string;
		if (word.endsWith('le')) adverb = `${word.slice(0, -1)}y`;
		else if (word.endsWith('y')) adverb = `${word.slice(0, -1)}ily`;
		else if (word.endsWith('ic')) adverb = `${word}ally`;
		else adverb = `${word}ly`;
		if (!(adverb in labels) && !NOT_ADVERBS.has(adverb) && !isModifier(adverb)) derived[adverb] = score;
	}
	return derived;
}
/** Look like adverbs of sentiment words, are not: likely (like), lately, hardly…; honestly is a hedge. */
const NOT_ADVERBS = new Set(['likely', 'lately', 'hardly', 'shortly', 'dearly', 'honestly']);

const cx = readCxVocabulary(cxFile, false);

const BASE: Omit<GrammarSpec, 'labels'> = {
	name: 'English',
	negators: NEGATORS,
	modifiers: MODIFIERS,
	adverbsFirst: ['pretty'],
	degreeNegators: ['never'],
	degreeWords: ['so', 'too'],
	contrast: ['but', 'however'],
	fixed: ['waste-of-time', ...cx.fixed],
	irrealis: ['could-have'],
	concessive: ['although', 'though', 'despite'],
	scopeEnds: ['and'],
	descriptive: [
		'horror', 'scary', 'scarier', 'scariest', 'terrifying', 'frightening', 'creepy', 'chilling', 'disturbing', 'dark',
		'darker', 'grim', 'bleak', 'tragic', 'tragedy', 'sad', 'eerie', 'spooky', 'gruesome', 'gory', 'fear', 'terror',
	],
	workNouns: [
		'movie', 'movies', 'film', 'films', 'thriller', 'documentary', 'series', 'novel', 'book', 'director', 'script', 'plot',
		'actor', 'actors', 'actress', 'cast', 'episode', 'sequel',
	],
	savingGraces: ['at-least'],
	phrases: { ...cx.phrases, ...PHRASES },
	aliases: cx.aliases,
	onlyAfter: {
		like: [
			'i', 'we', 'you', 'they', 'he', 'she', 'who', 'to', 'do', 'did', 'does', "don't", 'dont', "didn't", 'didnt',
			"doesn't", 'doesnt', 'would', "i'd", "we'd", "you'd", 'really', 'also', 'still', 'definitely', 'truly',
			'not', 'never', 'always', 'even',
		],
	},
};

export const english = buildLanguageGrammar(BASE, {
	lexicon: { ...cx.labels, ...afinn, ...cx.neutral },
	adverbs: (isFunctionWord) => adverbs(afinn, isFunctionWord),
	phraseLabels: PHRASE_LABELS,
	cx,
});

