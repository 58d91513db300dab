/**
 * French: the adjective lexicon generated from CLiPS Pattern (lexicon-fr.json, see
 * scripts/build-french-lexicon.mjs), the hand-curated customer-feedback vocabulary (cx-fr.json), the
 * `sentiment` emoji list, emoticons and ratings, scored by the shared scorer (scorer.ts) with:
 * - negation: ne … pas / jamais / rien / aucun, ne … plus / point / guère (only with `ne`), a bare
 *   `pas`, `jamais`, `rien`, `aucun`, `sans`, `ni`, `manque (de)`; "jamais aussi nul" intensifies;
 *   "non seulement" does not negate;
 * - modifiers: très, vraiment, trop, tellement, super… (× 1.5), assez, plutôt (× 0.75), un peu,
 *   légèrement (× 0.5), and a bare `peu`, which weakly negates ("peu intéressant", × −0.5);
 *   `super`, `grand`, `vrai`, `véritable`… strengthen a following sentiment word ("une grande déception");
 * - contrast: mais, cependant, pourtant, néanmoins, toutefois;
 * - fixed phrases: "pas terrible" and "pas top" (mediocre, never negated), "sans plus" (so-so), "rien à
 *   redire", "n'importe quoi", "perte de temps", "sans intérêt", "bien sûr" / "bien que" (not praise);
 * - adverbs of lexicon adjectives the lexicon lacks (parfaite → parfaitement, brillant → brillamment).
 * Text is folded before lookup (lower case, no accents, elisions split off: see text.ts).
 */
import cxFile from './cx-fr.json';
import { readCxVocabulary } from './cx';
import lexicon from './lexicon-fr.json';
import { buildLanguageGrammar } from './lexicons';
import { VADER_NEGATION, phrasesByToken } from './scorer';
import type { GrammarSpec } from './scorer';

/** Token sequences (folded, elisions spelled out) read as one token; scores in PHRASE_LABELS. */
const PHRASES = phrasesByToken({
	'un-peu': ['un peu', 'un petit peu', 'quelque peu'],
	'pas-terrible': ['pas terrible'],
	'pas-top': ['pas top'],
	'sans-plus': ['sans plus'],
	'rien-a-redire': ['rien a redire'],
	'n-importe-quoi': ['ne importe quoi'],
	'perte-de-temps': ['perte de temps', 'perte de argent'],
	'non-seulement': ['non seulement'],
	'bien-sur': ['bien sur', 'bien entendu'],
	'bien-que': ['bien que'],
	'eh-bien': ['eh bien'],
	'ou-bien': ['ou bien'],
	'a-refaire': ['a refaire'],
	'au-top': ['au top'],
	'sans-interet': ['sans interet', 'aucun interet', 'peu de interet'],
	'pas-grand-chose': ['pas grand chose', 'pas grand-chose'],
	// "long" that means length, not tedium: a feature film, all along, says a lot.
	// "sans" that negates nothing: without a doubt, without ceasing, without revealing anything.
	'sans-doute': ['sans doute', 'sans aucun doute', 'sans conteste', 'sans contexte'],
	'sans-compter': ['sans compter'],
	'sans-cesse': ['sans cesse'],
	'sans-pour-autant': ['sans pour autant'],
	'sans-oublier': ['sans oublier'],
	'sans-parler': ['sans parler de'],
	'sans-vouloir': ['sans vouloir'],
	'sans-devoiler': ['sans rien devoiler', 'sans en dire', 'sans trop en dire', 'sans spoiler'],
	'sans-jamais': ['sans jamais'],
	// "ne manque pas de charme" has charm; "il ne manque rien" lacks nothing.
	'ne-manque-pas': ['ne manque pas de', 'ne manque pas', 'ne manquent pas de'],
	'ne-manque-rien': ['ne manque rien', 'ne manque de rien'],
	// Concessions: "j'ai beau…", "bien que…", "même si…", "malgré…" (see `concessive`).
	'avoir-beau': ['ai beau', 'as beau', 'a beau', 'avons beau', 'avez beau', 'ont beau', 'avais beau', 'avait beau',
		'avaient beau', 'aura beau', 'avoir beau'],
	'meme-si': ['meme si'],
	// "originale" that names a version or a soundtrack, not originality.
	'bande-originale': ['bande originale'],
	'version-originale': ['version originale'],
	// "quelque peu" is "somewhat"; "pas moins intéressant" is as interesting.
	'pas-moins': ['pas moins', 'non moins'],
	// "moins drôle" is less funny (see MODIFIERS); "au moins", "du moins", "à moins que" compare nothing.
	'au-moins': ['au moins'],
	'du-moins': ['du moins'],
	'a-moins': ['a moins'],
	'plus-ou-moins': ['plus ou moins'],
	'moins': ['de moins en moins'],
	'en-moins': ['en moins'],
	'moins-de': ['moins de'],
	// "mais bon" is a resigned "but still", not praise: it keeps the contrast; "enfin bon", "bon ben" are fillers.
	'mais-bon': ['mais bon'],
	'enfin-bon': ['enfin bon', 'bon ben', 'bon bah', 'ah bon', 'bon alors', 'bon allez'],
	// Saving graces: "heureusement que…", "au moins…", "le seul point positif…" concede (see `concessive`).
	'heureusement-que': ['heureusement que', 'heureusement qu'],
	'seul-point-positif': ['seul point positif', 'seul point fort', 'seul bon point', 'seul truc', 'seule chose',
		'seul interet', 'seule qualite'],
	// Counterfactuals (see `irrealis`): "aurait pu être un bon film".
	'aurait-pu': ['aurait pu', 'aurais pu', 'aurions pu', 'auraient pu', 'aurait du', 'aurais du', 'aurions du',
		'auraient du', 'aurait ete', 'aurait merite', 'aurait fallu', 'aurait aime', 'aurais aime', 'aurions aime',
		'aurait prefere', 'aurais prefere', 'aurions prefere'],
	'long-metrage': ['long metrage'],
	'court-metrage': ['court metrage'],
	'tout-le-long': ['tout le long', 'tout au long', 'le long de', 'le long du'],
	'en-dit-long': ['en dit long'],
});
const PHRASE_LABELS: Readonly<Record<string, number>> = {
	'pas-terrible': -2, 'pas-top': -2, 'sans-plus': -1, 'rien-a-redire': 3, 'n-importe-quoi': -3, 'perte-de-temps': -3,
	'a-refaire': 2, 'au-top': 3, 'sans-interet': -2, 'ne-manque-pas': 1, 'ne-manque-rien': 2,
};

const MODIFIERS: Readonly<Record<string, number>> = {
	tres: 1.5, vraiment: 1.5, trop: 1.5, tellement: 1.5, si: 1.3, aussi: 1, super: 1.5, hyper: 1.5, extremement: 1.5,
	absolument: 1.5, completement: 1.5, totalement: 1.5, particulierement: 1.3, vachement: 1.5, carrement: 1.5,
	profondement: 1.5, terriblement: 1.5, parfaitement: 1.5, fortement: 1.5, enormement: 1.5, franchement: 1.3,
	bien: 1.3, grand: 1.5, grande: 1.5, grands: 1.5, grandes: 1.5, vrai: 1.5, vraie: 1.5, vrais: 1.5, vraies: 1.5,
	veritable: 1.5, veritables: 1.5, total: 1.5, totale: 1.5, pur: 1.5, pure: 1.5, immense: 1.5, enorme: 1.5,
	autant: 1.5, moins: -0.5, 'moins-de': -0.5, 'plus-ou-moins': 0.5, assez: 0.75, plutot: 0.75, relativement: 0.75, legerement: 0.5, moyennement: 0.5, 'un-peu': 0.5, peu: -0.5,
};

const cx = readCxVocabulary(cxFile, true);

const BASE: Omit<GrammarSpec, 'labels'> = {
	name: 'French',
	// Nouns and verbs of lack are words (cx-fr.json) and negators: "manque d'humour", "absence de suivi".
	negators: [
		'pas', 'non', 'zero', 'jamais', 'rien', 'aucun', 'aucune', 'aucuns', 'aucunes', 'sans', 'ni', 'nullement', 'aucunement', 'manque', 'manquent', 'manquait',
		'manquaient', 'absence', 'carence',
	],
	negatorsAfterNe: ['plus', 'point', 'guere', 'personne'],
	ne: 'ne',
	modifiers: MODIFIERS,
	degreeNegators: ['jamais'],
	degreeWords: ['si', 'aussi', 'tellement', 'tres'],
	contrast: ['mais', 'mais-bon', 'cependant', 'pourtant', 'neanmoins', 'toutefois'],
	// "je n'avais pas autant ri depuis…" is praise.
	degreeWordsAnyNegator: ['autant'],
	negatedNegative: VADER_NEGATION,
	concessive: ['avoir-beau', 'bien-que', 'meme-si', 'malgre', 'quoique'],
	scopeEnds: ['et'],
	descriptive: [
		'horreur', 'horrifique', 'terreur', 'terrifiant', 'terrifiante', 'terrifiants', 'terrifiantes', 'effrayant', 'effrayante',
		'effrayants', 'effrayantes', 'angoissant', 'angoissante', 'angoissants', 'angoissantes', 'flippant', 'flippante',
		'glacant', 'glacante', 'oppressant', 'oppressante', 'inquietant', 'inquietante', 'inquietants', 'inquietantes',
		'sombre', 'sombres', 'tragique', 'tragiques', 'dramatique', 'dramatiques', 'derangeant', 'derangeante',
		'peur', 'effroi', 'frissons',
	],
	workNouns: [
		'film', 'films', 'cinema', 'thriller', 'thrillers', 'documentaire', 'serie', 'series', 'roman', 'romans', 'livre',
		'realisateur', 'realisatrice', 'scenario', 'acteur', 'acteurs', 'actrice', 'actrices', 'episode', 'saga', 'polar',
		'long-metrage', 'court-metrage',
	],
	savingGraces: ['heureusement-que', 'au-moins', 'seul-point-positif'],
	irrealis: ['aurait-pu', 'esperais', 'esperait', 'esperions'],
	fixed: ['pas-terrible', 'pas-top', ...cx.fixed],
	phrases: { ...cx.phrases, ...PHRASES },
	aliases: cx.aliases,
};

/** Adverbs of lexicon adjectives: parfaite → parfaitement, brillant → brillamment, évident → évidemment. */
function adverbs(labels: Readonly<Record<string, number>>, isFunction: (word: string) => boolean): Record<string, number> {
	const derived: Record<string, number> = {};
	for (const [word, score] of Object.entries(labels)) {
		let adverb: string | undefined;
		if (/^[a-z]{3,}e$/.test(word)) adverb = `${word}ment`;
		else if (/^[a-z]{3,}ant$/.test(word)) adverb = `${word.slice(0, -3)}amment`;
		else if (/^[a-z]{3,}ent$/.test(word)) adverb = `${word.slice(0, -3)}emment`;
		if (adverb !== undefined && !(adverb in labels) && !isFunction(adverb) && !NOT_ADVERBS.has(adverb)) derived[adverb] = score;
	}
	return derived;
}
/** Adverbs of lexicon adjectives that judge nothing: "uniquement" (only), "entièrement", "largement", "directement", "tout simplement". */
const NOT_ADVERBS = new Set(['uniquement', 'entierement', 'largement', 'directement', 'exactement', 'clairement', 'particulierement', 'simplement']);

const words: Record<string, number> = { ...(lexicon.labels as Record<string, number>), ...cx.labels, ...cx.neutral };

export const french = buildLanguageGrammar(BASE, {
	lexicon: words,
	adverbs: (isFunctionWord) => adverbs(words, isFunctionWord),
	phraseLabels: PHRASE_LABELS,
	cx,
});
