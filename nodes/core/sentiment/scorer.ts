/**
 * The scorer both languages share: one pass over the tokens, in linear time.
 *
 * A word's value is its lexicon score (AFINN-like, −5…+5), then:
 * - **modifiers** right before it multiply it: intensifiers (very, très… × 1.5), diminishers
 *   (slightly, un peu… × 0.5), weak negations (peu × −0.5). Some words are a modifier before another
 *   sentiment word and a word otherwise: "super bon" (super strengthens bon) but "le SAV a été super";
 *   "a great disappointment"; "pretty bad" (pretty is an adverb unless it ends the clause).
 * - **negation** flips its sign when a negator (not, never, lacks, pas, jamais, rien, aucun, sans…)
 *   comes at most `NEGATION_WINDOW` tokens before it in the same clause, and, in French, when it sits
 *   between `ne` and the negator ("je n'aime pas"). `plus`, `point`, `guère` negate only after `ne`
 *   ("n'est plus bon", but "le plus beau"). Negation never crosses punctuation or a contrast word.
 *   "never so bad" / "jamais aussi nul" intensify instead (VADER's rule). Fixed expressions ("waste of
 *   time", "pas terrible") are never negated.
 * - **contrast**: within a sentence, what comes after `but`/`mais` (and however, pourtant…) counts
 *   `AFTER_CONTRAST` times, what comes before it `BEFORE_CONTRAST` times; a sentence that *starts*
 *   with the contrast word weakens the sentence before it;
 * - **exclamation**: the words of a sentence that ends with `!` count `EXCLAMATION` times;
 * - **saving graces** ("heureusement que", "at least") weigh the rest of their sentence `BEFORE_CONTRAST` times;
 * - **questions**: the words of a question do not count when another sentence asserts something (SO-CAL);
 * - **genre words** (fear, darkness, tragedy) do not count in a comment that names a work (a film, a book).
 *
 * The weights are the usual ones in rule-based sentiment (they follow VADER, Hutto & Gilbert 2014,
 * where "but" weighs the clauses 0.5 / 1.5); they were not fitted to our data.
 */
import { CLAUSE, EXCLAMATION as EXCLAMATION_TOKEN, QUESTION as QUESTION_TOKEN, SENTENCE } from './text';

export const NEGATION_WINDOW = 3;
/** How far `ne` may be from its `pas` for the words in between to be negated ("ne le lui a pas"). */
export const NE_REACH = 5;
export const NEGATION = -1;
/** VADER's negation scalar (N_SCALAR): a negated word keeps 0.74 of its strength, sign flipped. */
export const VADER_NEGATION = -0.74;
export const AFTER_CONTRAST = 1.5;
export const BEFORE_CONTRAST = 0.5;
export const EXCLAMATION = 1.25;

const BOUNDARY = 1;
const SENTENCE_END = 2;
const EXCLAIMS = 4;
const NEGATOR = 8;
const NEEDS_NE = 16;
const NE = 32;
const MODIFIER = 64;
const CONTRAST = 128;
const WORD = 256;
const FIXED = 512;
const ADVERB_FIRST = 1024;
const DEGREE = 2048;
const DEGREE_NEGATOR = 4096;
const PHRASE = 8192;
const DEGREE_ANY = 16384;
const CONCESSIVE = 32768;
const IRREALIS = 65536;
const ASKS = 131072;
const SAVING = 262144;
const SCOPE_END = 524288;
const DESCRIPTIVE = 1048576;
const WORK = 2097152;

/** What a grammar knows of one token. */
export interface Entry {
	kind: number;
	score: number;
	factor: number;
	/** The word counts only right after one of these tokens ("i like", not "looks like"). */
	onlyAfter?: ReadonlySet<string>;
}

export interface GrammarSpec {
	name: 'English' | 'French';
	labels: Readonly<Record<string, number>>;
	negators: readonly string[];
	/** Negate only after a `ne` in the same clause (French `plus`, `point`, `guère`). */
	negatorsAfterNe?: readonly string[];
	ne?: string;
	/**
	 * Factor per modifier. A modifier that is also in `labels` (super, great) modifies only when the next
	 * token is a word or a modifier; one listed in `adverbsFirst` (pretty) whenever the clause goes on.
	 */
	modifiers: Readonly<Record<string, number>>;
	adverbsFirst?: readonly string[];
	/** "never" + a degree word ("so", "aussi") before a word intensifies instead of negating. */
	degreeNegators?: readonly string[];
	degreeWords?: readonly string[];
	contrast: readonly string[];
	/** Words that are never negated (fixed expressions). */
	fixed?: readonly string[];
	/** Words that count only after one of the given tokens. */
	onlyAfter?: Readonly<Record<string, readonly string[]>>;
	/** Token sequences (space-separated, as the tokenizer gives them) read as one token: "kind of" → kind-of. */
	phrases?: Readonly<Record<string, string>>;
	/** Degree words that keep any negator from negating, and strengthen instead ("pas autant ri depuis"). */
	degreeWordsAnyNegator?: readonly string[];
	/**
	 * Concessive markers ("avoir beau", "bien que"): the clause they open is the concession and counts
	 * BEFORE_CONTRAST times, the rest of the sentence AFTER_CONTRAST times, as around `but`.
	 */
	concessive?: readonly string[];
	/**
	 * Irrealis markers ("could have been", "aurait pu"): the sentiment words after them in their clause are
	 * what might have been, not what was, and do not count ("aurait pu être un bon film"). This is
	 * irrealis blocking (Taboada et al., SO-CAL, 2011), limited to counterfactual forms: "I would recommend"
	 * is not blocked.
	 */
	irrealis?: readonly string[];
	/**
	 * Saving graces ("heureusement que", "au moins", "the only good thing"): what follows them, to the end of
	 * the sentence, is the one good point of something judged otherwise, and counts BEFORE_CONTRAST times.
	 */
	savingGraces?: readonly string[];
	/**
	 * Words of fear, darkness and tragedy (horreur, terrifiant, sombre; scary, creepy, tragic) describe the genre
	 * or the effect of a work in a review of a film, a book or a series, and judge nothing there: when the
	 * comment names such a work (`workNouns`: film, roman, movie, novel…), they do not count. Elsewhere, in
	 * customer feedback, they count as the complaint they are ("une attente angoissante").
	 */
	descriptive?: readonly string[];
	workNouns?: readonly string[];
	/** Coordinators that end a negation's reach ("pas drôle et ennuyeux": ennuyeux is not negated). */
	scopeEnds?: readonly string[];
	/** Abbreviations read as the word they stand for (pb → probleme, thx → thanks). */
	aliases?: Readonly<Record<string, string>>;
	/**
	 * What negation multiplies a negative word by: NEGATION (a flip) by default; VADER's −0.74 makes "pas
	 * mauvais" weak praise rather than the opposite of "mauvais".
	 */
	negatedNegative?: number;
}

interface Phrase {
	rest: readonly string[];
	token: string;
}

/**
 * Phrases written by the token they read as, for GrammarSpec.phrases: { 'a-bit': ['a bit', 'a little'] }
 * gives { 'a bit': 'a-bit', 'a little': 'a-bit' }. A phrase listed under two tokens is a mistake.
 */
export function phrasesByToken(groups: Readonly<Record<string, readonly string[]>>): Readonly<Record<string, string>> {
	const phrases: Record<string, string> = {};
	for (const [token, spellings] of Object.entries(groups)) {
		for (const phrase of spellings) {
			if (phrase in phrases) throw new Error(`The phrase "${phrase}" reads as both ${phrases[phrase]} and ${token}`);
			phrases[phrase] = token;
		}
	}
	return phrases;
}

/** A token's entries in each grammar, looked up once per token (vocabulary.ts). */
export interface Lookup {
	readonly english: Entry | undefined;
	readonly french: Entry | undefined;
}

export interface Grammar {
	readonly name: 'English' | 'French';
	/** Which of a Lookup's entries is this grammar's: 0 English, 1 French. */
	readonly index: number;
	readonly entries: ReadonlyMap<string, Entry>;
	/** First token → second token ('' for none) → the phrases starting so, longest first. */
	readonly phrases: ReadonlyMap<string, ReadonlyMap<string, readonly Phrase[]>>;
	readonly negatedNegative: number;
}

export function buildGrammar(spec: GrammarSpec): Grammar {
	const entries = new Map<string, Entry>();
	const entry = (token: string): Entry => {
		let found = entries.get(token);
		if (found === undefined) {
			found = { kind: 0, score: 0, factor: 1 };
			entries.set(token, found);
		}
		return found;
	};
	const flag = (tokens: readonly string[] | undefined, kind: number): void => {
		for (const token of tokens ?? []) entry(token).kind |= kind;
	};
	for (const [token, score] of Object.entries(spec.labels)) {
		if (score === 0) continue;
		const found = entry(token);
		found.kind |= WORD;
		found.score = score;
	}
	for (const [token, factor] of Object.entries(spec.modifiers)) {
		const found = entry(token);
		found.kind |= MODIFIER;
		found.factor = factor;
	}
	for (const [token, previous] of Object.entries(spec.onlyAfter ?? {})) {
		entry(token).onlyAfter = new Set(previous);
		// The tokenizer spells out only the tokens the vocabulary knows: make the previous ones known.
		for (const before of previous) entry(before);
	}
	flag(spec.negators, NEGATOR);
	flag(spec.negatorsAfterNe, NEEDS_NE);
	flag(spec.ne === undefined ? [] : [spec.ne], NE);
	flag(spec.contrast, CONTRAST);
	flag(spec.fixed, FIXED);
	flag(spec.adverbsFirst, ADVERB_FIRST);
	flag(spec.degreeWords, DEGREE);
	flag(spec.degreeNegators, DEGREE_NEGATOR);
	flag(spec.degreeWordsAnyNegator, DEGREE | DEGREE_ANY);
	flag(spec.concessive, CONCESSIVE);
	flag(spec.irrealis, IRREALIS);
	flag(spec.savingGraces, SAVING);
	flag(spec.scopeEnds, SCOPE_END);
	flag(spec.descriptive, DESCRIPTIVE);
	flag(spec.workNouns, WORK);
	entry(CLAUSE).kind = BOUNDARY;
	entry(SENTENCE).kind = BOUNDARY | SENTENCE_END;
	entry(EXCLAMATION_TOKEN).kind = BOUNDARY | SENTENCE_END | EXCLAIMS;
	entry(QUESTION_TOKEN).kind = BOUNDARY | SENTENCE_END | ASKS;
	const phrases = new Map<string, Map<string, Phrase[]>>();
	for (const [phrase, token] of Object.entries(spec.phrases ?? {})) {
		const [first, ...rest] = phrase.split(' ');
		entry(first).kind |= PHRASE;
		for (const word of rest) entry(word);
		const bySecond = phrases.get(first) ?? new Map<string, Phrase[]>();
		const list = bySecond.get(rest[0] ?? '') ?? [];
		list.push({ rest, token });
		// Longest first, so "a little bit" wins over "a little".
		list.sort((a, b) => b.rest.length - a.rest.length);
		bySecond.set(rest[0] ?? '', list);
		phrases.set(first, bySecond);
	}
	// An abbreviation reads as the word it stands for: its entry, and the phrases starting with it.
	for (const [alias, word] of Object.entries(spec.aliases ?? {})) {
		const found = entries.get(word);
		if (found === undefined) continue;
		const own = entries.get(alias);
		if (own === undefined) {
			entries.set(alias, found);
		} else {
			// The abbreviation starts phrases of its own ("pb réglé"): it keeps them and gains the word's role.
			own.kind |= found.kind;
			own.score = found.score;
			own.factor = found.factor;
		}
		const starting = phrases.get(word);
		if (starting !== undefined) phrases.set(alias, new Map([...starting, ...(phrases.get(alias) ?? [])]));
	}
	return { name: spec.name, index: spec.name === 'English' ? 0 : 1, entries, phrases, negatedNegative: spec.negatedNegative ?? NEGATION };
}

/** The phrase that starts at `index`, if any. */
function phraseAt(grammar: Grammar, tokens: readonly string[], index: number): Phrase | undefined {
	const bySecond = grammar.phrases.get(tokens[index]);
	if (bySecond === undefined) return undefined;
	const candidates = (index + 1 < tokens.length ? bySecond.get(tokens[index + 1]) : undefined) ?? bySecond.get('');
	if (candidates === undefined) return undefined;
	for (const phrase of candidates) {
		let matches = index + phrase.rest.length < tokens.length;
		for (let offset = 0; matches && offset < phrase.rest.length; offset++) {
			matches = tokens[index + 1 + offset] === phrase.rest[offset];
		}
		if (matches) return phrase;
	}
	return undefined;
}

/** True for an entry that is a sentiment word. */
export function isWord(entry: Entry | undefined): boolean {
	return entry !== undefined && (entry.kind & WORD) !== 0;
}

/** Looks tokens up in one grammar alone (the vocabulary does it for both at once). */
export function lookUpIn(grammar: Grammar, tokens: readonly string[]): Array<Lookup | undefined> {
	return tokens.map((token) => {
		const entry = grammar.entries.get(token);
		if (entry === undefined) return undefined;
		return grammar.index === 0 ? { english: entry, french: undefined } : { english: undefined, french: entry };
	});
}

/** True when the grammar gives the token a role besides being a word (negator, modifier…). */
export function isFunctionWord(grammar: Grammar, token: string): boolean {
	const found = grammar.entries.get(token);
	return found !== undefined && (found.kind & ~(WORD | PHRASE)) !== 0;
}

/** A word that counted, with what changed its value (for the reasons). */
export interface ScoredWord {
	word: string;
	value: number;
	negator?: string;
	/** The modifiers right before the word ("pas très": très), and their combined factor. */
	modifier?: string;
	modifierFactor?: number;
}

export interface Scored {
	score: number;
	/** Tokens that are words (punctuation left out): the denominator of `comparative`. */
	wordCount: number;
	words: ScoredWord[];
	/** The first contrast word that reweighted something, if any. */
	contrast?: string;
	/** The first irrealis marker that kept words from counting, if any. */
	irrealis?: string;
	/** The first saving grace ("heureusement que", "at least") seen, if any. */
	savingGrace?: string;
	exclamations: number;
	/** How many words did not count because they were in a question (see score()). */
	questioned: number;
	/** How many genre words did not count because the comment reviews a work (see GrammarSpec.descriptive). */
	described: number;
}

function scale(words: ScoredWord[], from: number, to: number, factor: number): void {
	for (let index = from; index < to; index++) words[index].value *= factor;
}

/**
 * Scores tokens (see text.ts) with a grammar. `found` holds each token's Lookup (vocabulary.ts or
 * lookUpIn), looked up once by the caller.
 */
export function score(grammar: Grammar, tokens: readonly string[], found: ReadonlyArray<Lookup | undefined>): Scored {
	const entries = grammar.entries;
	const side = grammar.index;
	const negatedNegative = grammar.negatedNegative;
	const words: ScoredWord[] = [];
	let wordCount = 0;
	let exclamations = 0;
	let contrast: string | undefined;
	let previous = '';
	// Sentence state: where the sentence's words start in `words`, the contrast word seen in it.
	let sentenceStart = 0;
	let previousSentenceStart = 0;
	let sentenceTokens = 0;
	// Whether a sentence that is not a question has sentiment words (see `questioned`).
	let asserted = false;
	// The questions' words, as start and end indexes in `words` (allocated for the first question only).
	let questions: number[] | undefined;
	// Genre words (their indexes in `words`), and whether the comment names a work (see GrammarSpec.descriptive).
	let descriptive: number[] | undefined;
	let reviewsWork = false;
	let afterContrast: string | undefined;
	// A concession opened in this sentence ("j'ai beau…"): where its words start in `words`.
	let concession: string | undefined;
	let concessionStart = 0;
	// A saving grace seen in this sentence: where its words start in `words` (-1: none).
	let savingStart = -1;
	let savingGrace: string | undefined;
	// Clause state: the active negator and how many tokens it still reaches, the pending `ne`.
	let negator: string | undefined;
	let negatorKind = 0;
	let negationLeft = 0;
	let neToken = -1;
	let neWords = 0;
	// The run of modifiers right before the current token.
	let runFactor = 1;
	let runWords: string | undefined;
	let runKinds = 0;

	// A word that is also a modifier ("great", "super") and started the run: if no word follows to take
	// the run ("the fries were great too"), it counts as a word after all.
	let pendingToken: string | undefined;
	let pendingEntry: Entry | undefined;
	let pendingFactor = 1;
	let pendingWords: string | undefined;
	const flush = (): void => {
		if (pendingToken === undefined || pendingEntry === undefined) return;
		const token = pendingToken;
		const entry = pendingEntry;
		runFactor = pendingFactor;
		runWords = pendingWords;
		push(token, entry);
	};
	// What a contrast or a concession weakens: words[from..to) count BEFORE_CONTRAST times, and the first
	// marker that weakened something is named in the reasons.
	const weaken = (from: number, to: number, marker: string): void => {
		if (to <= from) return;
		scale(words, from, to, BEFORE_CONTRAST);
		contrast ??= marker;
	};
	// An irrealis marker seen in this clause: its words do not count.
	let blocking: string | undefined;
	let irrealis: string | undefined;
	const endClause = (): void => {
		flush();
		blocking = undefined;
		negationLeft = 0;
		negator = undefined;
		neToken = -1;
		runFactor = 1;
		runWords = undefined;
		runKinds = 0;
	};
	const ordinary = (): void => {
		flush();
		runFactor = 1;
		runWords = undefined;
		runKinds = 0;
		if (negationLeft > 0) negationLeft--;
	};
	const push = (token: string, entry: Entry): void => {
		pendingToken = undefined;
		pendingEntry = undefined;
		if (blocking !== undefined) {
			irrealis ??= blocking;
			return;
		}
		if (entry.kind & DESCRIPTIVE) (descriptive ??= []).push(words.length);
		const scored: ScoredWord = { word: token, value: entry.score * runFactor };
		if (runWords !== undefined) {
			scored.modifier = runWords;
			scored.modifierFactor = runFactor;
		}
		const neverSo = (negatorKind & DEGREE_NEGATOR && runKinds & DEGREE) || runKinds & DEGREE_ANY;
		if (negationLeft > 0 && !(entry.kind & FIXED) && !neverSo) {
			scored.value *= scored.value < 0 ? negatedNegative : NEGATION;
			scored.negator = negator;
		}
		if (afterContrast !== undefined) {
			scored.value *= AFTER_CONTRAST;
			contrast ??= afterContrast;
		}
		words.push(scored);
	};

	for (let index = 0; index < tokens.length; index++) {
		let token = tokens[index];
		const info = found[index];
		let entry = info === undefined ? undefined : side === 0 ? info.english : info.french;
		if (entry !== undefined && entry.kind & PHRASE) {
			const phrase = phraseAt(grammar, tokens, index);
			if (phrase !== undefined) {
				token = phrase.token;
				entry = entries.get(token);
				index += phrase.rest.length;
			}
		}
		const before = previous;
		previous = token;
		if (entry === undefined) {
			wordCount++;
			sentenceTokens++;
			ordinary();
			continue;
		}
		const kind = entry.kind & ~PHRASE;
		if (kind === 0) {
			// Only the start of a phrase that did not match: an ordinary token.
			wordCount++;
			sentenceTokens++;
			ordinary();
			continue;
		}
		if (kind & BOUNDARY) {
			flush();
			if (concession !== undefined) {
				// The concession ends with its clause: it weighs less, the rest of the sentence more.
				weaken(concessionStart, words.length, concession);
				if (!(kind & SENTENCE_END)) afterContrast = concession;
				concession = undefined;
			}
			if (kind & SENTENCE_END) {
				if (kind & EXCLAIMS && words.length > sentenceStart) {
					scale(words, sentenceStart, words.length, EXCLAMATION);
					exclamations++;
				}
				if (savingStart >= 0) {
					scale(words, savingStart, words.length, BEFORE_CONTRAST);
					savingStart = -1;
				}
				if (words.length > sentenceStart) {
					if (kind & ASKS) (questions ??= []).push(sentenceStart, words.length);
					else asserted = true;
				}
				previousSentenceStart = sentenceStart;
				sentenceStart = words.length;
				sentenceTokens = 0;
				afterContrast = undefined;
			}
			endClause();
			continue;
		}
		wordCount++;
		if (kind & CONTRAST) {
			flush();
			// A sentence that starts with the contrast word weakens the sentence before it.
			if (sentenceTokens === 0) weaken(previousSentenceStart, sentenceStart, token);
			else weaken(sentenceStart, words.length, token);
			sentenceTokens++;
			afterContrast = token;
			endClause();
			continue;
		}
		sentenceTokens++;
		if (kind & IRREALIS) {
			flush();
			blocking = token;
			ordinary();
			continue;
		}
		if (kind & WORK) {
			reviewsWork = true;
			if (!(kind & ~WORK)) {
				ordinary();
				continue;
			}
		}
		if (kind & SCOPE_END) {
			flush();
			negationLeft = 0;
			ordinary();
			continue;
		}
		if (kind & SAVING) {
			flush();
			if (savingStart < 0) savingStart = words.length;
			savingGrace ??= token;
			ordinary();
			continue;
		}
		if (kind & CONCESSIVE) {
			concession = token;
			concessionStart = words.length;
			endClause();
			continue;
		}
		if (kind & (NEGATOR | NEEDS_NE)) {
			const withNe = neToken >= 0 && index - neToken <= NE_REACH;
			if (kind & NEGATOR || withNe) {
				// A negator that is also a word ("lacks"): it counts, and negated it negates nothing.
				if (kind & WORD) {
					const negated = negationLeft > 0;
					push(token, entry);
					ordinary();
					if (negated) continue;
				}
				const name = withNe ? `ne … ${token}` : token;
				// "je n'aime pas": the words between `ne` and the negator.
				if (withNe) {
					for (let at = neWords; at < words.length; at++) {
						if (words[at].negator === undefined) {
							words[at].value *= words[at].value < 0 ? negatedNegative : NEGATION;
							words[at].negator = name;
						}
					}
				}
				negator = name;
				negatorKind = kind;
				negationLeft = NEGATION_WINDOW;
				neToken = -1;
				continue;
			}
			// `plus` without `ne` is a comparative: an ordinary token.
			ordinary();
			continue;
		}
		if (kind & NE) {
			neToken = index;
			neWords = words.length;
			runFactor = 1;
			runWords = undefined;
			runKinds = 0;
			continue;
		}
		if (kind & MODIFIER) {
			let modifies = true;
			if (kind & WORD) {
				const last = index + 1 >= tokens.length;
				const nextInfo = last ? undefined : found[index + 1];
				const nextEntry = nextInfo === undefined ? undefined : side === 0 ? nextInfo.english : nextInfo.french;
				modifies =
					kind & ADVERB_FIRST
						? !last && (nextEntry === undefined || (nextEntry.kind & BOUNDARY) === 0)
						: nextEntry !== undefined && (nextEntry.kind & (WORD | MODIFIER)) !== 0;
			}
			if (modifies) {
				if (kind & WORD && pendingToken === undefined) {
					pendingToken = token;
					pendingEntry = entry;
					pendingFactor = runFactor;
					pendingWords = runWords;
				}
				runFactor *= entry.factor;
				runWords = runWords === undefined ? token : `${runWords} ${token}`;
				runKinds |= kind;
				continue;
			}
		}
		if (kind & WORD && (entry.onlyAfter === undefined || entry.onlyAfter.has(before))) push(token, entry);
		ordinary();
	}
	flush();
	if (savingStart >= 0) scale(words, savingStart, words.length, BEFORE_CONTRAST);
	if (words.length > sentenceStart) asserted = true;
	// A question asks, it does not assert (SO-CAL's irrealis blocking of questions): its words do not count,
	// unless the comment is only questions ("Why does nobody answer?").
	let questioned = 0;
	if (asserted && questions !== undefined) {
		for (let range = 0; range < questions.length; range += 2) {
			for (let at = questions[range]; at < questions[range + 1]; at++) {
				if (words[at].value !== 0) questioned++;
				words[at].value = 0;
			}
		}
	}
	let described = 0;
	if (reviewsWork && descriptive !== undefined) {
		for (const at of descriptive) {
			if (words[at].value !== 0) described++;
			words[at].value = 0;
		}
	}
	let total = 0;
	for (const word of words) total += word.value;
	return { score: total, wordCount, words, contrast, irrealis, savingGrace, exclamations, questioned, described };
}
