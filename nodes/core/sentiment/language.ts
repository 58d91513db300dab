/**
 * Which language a comment is in: English, French, or neither. A small function-word detector, no
 * dependency: of the first `SAMPLE` tokens (see text.ts; accents folded), every word that is a frequent
 * function word of a language (articles, pronouns, auxiliaries, conjunctions) gives that language a
 * point — of English and French, and also of Spanish, German, Italian, Portuguese and Dutch, so that a
 * comment in one of those is recognised as such and not mistaken for English or French. Words shared by
 * several languages (de, la, no, in…) count for each of them, so only the others decide.
 *
 * French also scores with elisions (l', d', qu', n'…), English with contractions (n't, 's, 're…) and
 * with words ending in -ly or -ed (quickly, arrived);
 * Spanish with ñ ¿ ¡, German with ä ß, Portuguese with ã õ.
 *
 * The best language wins if it is English or French and leads every other language; if another
 * language leads, the comment is in that other language. On a tie with English or French among the
 * best ("Service was fantastic": `was` is English, German and Dutch), and with no function word at all
 * ("Great!", "Nul."), each tied language of ours adds the words its sentiment lexicon knows (words:
 * emoji, emoticons and ratings tell no language), and must then lead. English and French still tied: French if the comment has French accents (é è ê à ç ù),
 * else English. No evidence at all: unknown.
 */
import { isWord } from './scorer';
import type { Lookup } from './scorer';
import { FRENCH_MARK, GERMAN_MARK, PORTUGUESE_MARK, SPANISH_MARK } from './text';
import { foldAccents } from '../textFolding';
import type { Tokenized } from './text';

export type Language = 'en' | 'fr';

/** What the detector concluded: a language, another language, or no evidence at all. */
export type Detection = Language | 'other' | 'none';

/** How many tokens the detector reads: the start of a comment tells its language. */
export const SAMPLE = 60;

/** The languages counted, in the order of their scores (judge reads English at 0, French at 1, Spanish at 2…, of 7). */
const LANGUAGE_COUNT = 7;
/** Each language's bit is its place in that order, so that a set of languages is one number. */
const LANGUAGES = Array.from({ length: LANGUAGE_COUNT }, (_, index) => 1 << index);
const [EN, FR, ES, DE, IT, PT, NL] = LANGUAGES;

const FUNCTION_WORDS: Array<[number, string]> = [
	[EN, "i the and is was were are it its this that these those of to for with my i'm you your we our they their them he she his her not but have has had be been being very just all at from by or if about really did do does can could would will there what which who when us out up any more some here how than then because after again only also even ever never much got get went should am as nothing everything something anything everyone always too over off where why while though through im dont didnt cant wasnt isnt"],
	[FR, "le les des une et est sont était etait été ete être etre ai avons avez ont avait je tu elle nous vous ils elles ce cet cette ces ça cela qui quoi dont où pas ne plus très trop bien mais car donc avec pour sur dans par sans chez au aux mon ma mes ton ta sa ses leur leurs notre votre vos nos tout tous toute toutes rien jamais aussi déjà deja comme fait faire peu beaucoup vraiment toujours même meme après apres avant là ici lui moi toi te y aucun aucune"],
	// French customer-service shorthand and nouns no other of these languages spells the same way: short
	// comments such as "SAV injoignable" or "Appel coupé trois fois" have no function word at all.
	[FR, 'sav svp stp cdt cdlt tjrs tjs bcp rdv jms dsl pb pbs qd pk ajd bjr slt mdr ptdr appel appels commande commandes colis livraison livreur produit produits vendeur vendeuse magasin remboursement remboursé téléphone conseiller conseillère réponse facture envoi achat caisse rappel délai conseil conseils livré livrée démarche démarches ligne personnel client clients cliente retour échange attente paiement compte abonnement facturation emballage appli renvoyé renvoyée rappelé reçu reçue annulé annulée dossier deux trois quatre cinq sept huit neuf dix jours heures semaines mois obligé obligée batterie chargeur appareil écran fermeture couture fallu'],
	[EN, 'order ordered delivery parcel refund item items shop store staff customer phone called package shipping website account checkout tracking prices broadband days weeks hours took came arrived keeps kept every since during until yet already five star stars'],
	[ES, "el los las y es está esta estaba fue son muy pero con por para del al lo una unos unas su sus como más este estos hay yo mi nos también tambien sin todo nada bueno buena malo mala gracias excelente"],
	[DE, "der die das und ist war nicht sehr ich wir sie es ein eine einen einem mit auf für fur zu den dem des auch aber noch nur wie bei von im kein keine nach hat habe haben wurde schlecht gut schnell leider alles gerne wieder danke bitte toll"],
	[IT, "il lo gli della delle del di che è non per con sono molto ma anche questo questa ho mi si una stato stata era tutto niente più piu però nel nella alla al le i un grazie ottimo pessimo"],
	[PT, "o os as não nao muito muita com para uma do da dos das no na em foi mas mais eu meu minha você voce também ótimo é que de se obrigado obrigada"],
	[NL, "de het een en is niet van ik dat die zijn met voor te maar ook heel wel goed erg geen was er we bedankt slecht"],
];
// Words the lists above give to one language but which are as common in others.
const SHARED: Array<[number, string]> = [
	[EN | FR | ES | IT, 'me'],
	[EN | FR, 'on'],
	[EN | FR | ES | IT | PT, 'a'],
	[EN | DE | IT | NL, 'in'],
	[EN | DE, 'so an'],
	[EN | ES | IT | PT, 'no'],
	[FR | ES | IT, 'la un se'],
	[FR | ES | PT | NL, 'de en'],
	[FR | ES | PT, 'que'],
	[FR | IT, 'il qui si non'],
	[FR | ES, 'son tres'],
	[FR | DE, 'du'],
	[FR | ES | IT, 'le'],
];

/**
 * Per-language counts packed in one number, FIELD bits per language (at most 127 each, and SAMPLE is
 * below that), so that a function word adds its points to every language it belongs to in one addition.
 */
const FIELD = 128;
const pack = (languages: number): number => {
	let packed = 0;
	for (let index = 0; index < LANGUAGES.length; index++) if (languages & LANGUAGES[index]) packed += FIELD ** index;
	return packed;
};
export const ENGLISH_POINT = pack(EN);
const FRENCH_POINT = pack(FR);

/** Function word (folded, as the tokenizer gives it) → its packed points. */
export function functionWordPoints(): Map<string, number> {
	const languages = new Map<string, number>();
	for (const [language, list] of FUNCTION_WORDS) {
		for (const word of list.split(' ')) {
			const folded = foldAccents(word);
			languages.set(folded, (languages.get(folded) ?? 0) | language);
		}
	}
	for (const [shared, list] of SHARED) for (const word of list.split(' ')) languages.set(word, shared);
	const points = new Map<string, number>();
	for (const [word, set] of languages) points.set(word, pack(set));
	return points;
}

/** What the detector needs to know of a token, looked up once per token (see vocabulary.ts). */
export interface TokenInfo extends Lookup {
	/** Packed function-word points, 0 for none. */
	readonly points: number;
}

/**
 * How many points the text's own language must lead the language of a hint (the response's locale) by
 * for the text to decide against it: two more function words (or, on a tie, lexicon words). Below that
 * the comment is short or ambiguous, and the hint decides.
 */
export const DECISIVE_MARGIN = 2;

/** A verdict, and the evidence for English, French and the best other language, in points. */
export interface Judgement {
	verdict: Detection;
	english: number;
	french: number;
	other: number;
}

/** The detector's verdict on a tokenized comment (the tokenizer summed the function-word points). */
export function detect(tokenized: Tokenized<TokenInfo>): Detection {
	return judge(tokenized).verdict;
}

/** `detect`, with the points behind the verdict (see DECISIVE_MARGIN). */
export function judge(tokenized: Tokenized<TokenInfo>): Judgement {
	const { tokens, found } = tokenized;
	const count = tokens.length < SAMPLE ? tokens.length : SAMPLE;
	// Capped so that no count overflows its field.
	let packed =
		tokenized.points +
		Math.min(tokenized.contractions, 40) * ENGLISH_POINT +
		Math.min(tokenized.elisions, 40) * FRENCH_POINT;
	const scores = [0, 0, 0, 0, 0, 0, 0];
	for (let index = 0; index < scores.length; index++) {
		scores[index] = packed % FIELD;
		packed = Math.floor(packed / FIELD);
	}
	const marks = tokenized.marks;
	if (marks & SPANISH_MARK) scores[2] += 2;
	if (marks & GERMAN_MARK) scores[3] += 2;
	if (marks & PORTUGUESE_MARK) scores[5] += 2;
	const frenchAccents = (marks & FRENCH_MARK) !== 0;

	let top = 0;
	for (const points of scores) if (points > top) top = points;
	const englishTied = scores[0] === top;
	const frenchTied = scores[1] === top;
	let othersTop = 0;
	for (let index = 2; index < scores.length; index++) if (scores[index] > othersTop) othersTop = scores[index];
	const points = (verdict: Detection): Judgement => ({ verdict, english: scores[0], french: scores[1], other: othersTop });
	if (top > 0 && othersTop < top && englishTied !== frenchTied) return points(englishTied ? 'en' : 'fr');
	if (top > 0 && !englishTied && !frenchTied) return points('other');
	// A tie (or nothing at all): the words each sentiment lexicon knows decide, for the tied languages.
	let english = 0;
	let french = 0;
	for (let index = 0; index < count; index++) {
		const info = found[index];
		if (info === undefined) continue;
		// Emoji, emoticons and ratings are in both lexicons and tell no language.
		const first = tokens[index].charCodeAt(0);
		if (first < 0x61 || first > 0x7a) continue;
		if (englishTied && isWord(info.english)) english++;
		if (frenchTied && isWord(info.french)) french++;
	}
	const englishPoints = englishTied ? top + english : 0;
	const frenchPoints = frenchTied ? top + french : 0;
	const best = englishPoints > frenchPoints ? englishPoints : frenchPoints;
	let verdict: Detection;
	if (best === top) {
		// No lexicon word either. English and French ahead of the others, tied: accents decide. Otherwise
		// only shared words (or none): nothing tells which language it is.
		if (top > 0 && englishTied && frenchTied && othersTop < top) verdict = frenchAccents ? 'fr' : 'en';
		else verdict = 'none';
	} else if (best <= othersTop) verdict = 'other';
	else if (englishPoints === frenchPoints) verdict = frenchAccents ? 'fr' : 'en';
	else verdict = englishPoints > frenchPoints ? 'en' : 'fr';
	return {
		verdict,
		english: englishTied ? englishPoints : scores[0],
		french: frenchTied ? frenchPoints : scores[1],
		other: othersTop,
	};
}
