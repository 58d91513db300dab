/**
 * Customer-experience topics: a built-in library in English and French, and the tagger that finds
 * them in a comment.
 *
 * Matching rules (documented in docs/nodes/score-classify-rules.md):
 * - Case and accents do not matter: text and keywords are folded (NFD, marks stripped, lower case,
 *   œ → oe, æ → ae), so "Délai", "DELAI" and "delai" are the same word.
 * - Whole words only: "app" never matches inside "apprécié", nor "prix" inside "prixe".
 * - Simple plurals: a keyword word of three letters or more also matches with -s, -x or -es, -y → -ies
 *   and the French -al / -ail → -aux ("colis", "retards", "deliveries", "journaux"). Write keywords in
 *   the singular; other forms ("remboursée", "refunded") are keywords of their own.
 * - Phrases are word sequences: "temps d'attente" matches "temps d’attente" and "Temps-d'attente". French
 *   elisions (l', d', j', qu'…) are dropped from text and keywords alike, so "attente" matches "l'attente".
 *   A phrase never spans a sentence or clause break (. , ; : ! ? brackets, quotes, line breaks).
 * - The longest phrase wins: in "rapport qualité prix" only the price phrase counts, not "qualité".
 *   A few built-in phrases exist only to stop false hits ("in order to" is not an order).
 * - Each topic lists the words it matched as they appear in the text, first spelling first, without
 *   repeats (compared case- and accent-insensitively). Topics come out in library order.
 *
 * The library is compiled once into a map from a word to the phrases that start with it, so tagging
 * a comment is one pass over its words with one map look-up each.
 */
import { z } from 'zod';

import { FeedbackError, describeValue } from './feedback';
import { hashString, spells } from './sentiment/text';
import type { WordListener } from './sentiment/text';
import { APOSTROPHE, BREAK, ELISIONS, WORD, charKinds, foldCharacter, isElided, kindOf, splitWords } from './textFolding';

/** The fold topics compare words with, where it has always been imported from. */
export { foldText } from './textFolding';

export interface TopicDefinition {
	/** Stable id, written to `classification.topics` and used by bad-experience rules. */
	topic: string;
	/** Label shown to people; `labels` holds translations. */
	label: string;
	labels?: Readonly<Partial<Record<TopicLanguage, string>>>;
	keywords: readonly string[];
}

export type TopicLanguage = 'en' | 'fr';

/** A user's topic: a new one, or (when extending) more keywords for an existing id. */
export interface CustomTopic {
	topic: string;
	label?: string | null;
	/** A list, or one text with keywords separated by commas, semicolons or line breaks. */
	keywords: readonly string[] | string;
}

export const TOPIC_LIBRARY_MODES = ['builtIn', 'extend', 'replace'] as const;
export type TopicLibraryMode = (typeof TOPIC_LIBRARY_MODES)[number];

export interface TopicLibrarySettings {
	mode: TopicLibraryMode;
	custom?: readonly CustomTopic[] | null;
}

export interface TopicMatch {
	topic: string;
	label: string;
	matched: string[];
}

export interface TagTopicsOptions {
	/** Language of the labels: 'en', 'fr' or a locale such as 'fr-CA'. English when absent or unknown. */
	language?: string | null;
}

/** A built-in topic: its English label is also the label shown when no language is asked for. */
function builtIn(topic: string, labels: { en: string; fr: string }, keywords: readonly string[]): TopicDefinition {
	return { topic, label: labels.en, labels, keywords };
}

/** The built-in library. Ids are stable; labels and keywords may grow between versions. */
export const BUILT_IN_TOPICS: readonly TopicDefinition[] = deepFreeze([
	builtIn('delivery', { en: 'Delivery', fr: 'Livraison' }, [
		'delivery', 'deliver', 'delivered', 'delivering', 'late delivery', 'delayed delivery', 'delivery time',
		'shipping', 'shipment', 'shipped', 'dispatch', 'dispatched', 'parcel', 'package', 'courier', 'carrier',
		'tracking', 'tracking number', 'lost parcel', 'lost package', 'never arrived', 'arrived late',
		'postman', 'click and collect', 'shipping cost',
		'livraison', 'livrer', 'livré', 'livrée', 'livreur', 'livreuse', 'colis', 'expédition', 'expédié',
		'expédiée', 'envoi', 'transporteur', 'suivi de colis', 'numéro de suivi', 'retard de livraison',
		'livraison en retard', 'délai de livraison', 'colis perdu', 'jamais arrivé', 'jamais arrivée',
		'jamais livré', 'point relais', 'relais colis', 'la poste', 'colissimo', 'chronopost', 'frais de port',
		'frais de livraison',
	]),
	builtIn('price', { en: 'Price', fr: 'Prix' }, [
		'price', 'pricing', 'priced', 'overpriced', 'expensive', 'too expensive', 'cheap', 'cheaper', 'cost',
		'costly', 'value for money', 'rip off', 'affordable', 'discount', 'promo', 'promotion', 'price increase',
		'tariff',
		'prix', 'tarif', 'cher', 'chère', 'trop cher', 'trop chère', 'coûteux', 'coûteuse', 'onéreux', 'onéreuse',
		'hors de prix', 'rapport qualité prix', 'qualité prix', 'réduction', 'remise', 'abordable', 'bon marché',
		'hausse des prix', 'augmentation de prix', 'augmentation des prix',
	]),
	builtIn('staff', { en: 'Staff and welcome', fr: 'Personnel et accueil' }, [
		'staff', 'employee', 'team member', 'salesperson', 'sales assistant', 'shop assistant', 'cashier', 'manager',
		'rude', 'impolite', 'unfriendly', 'friendly', 'polite', 'courteous', 'arrogant', 'helpful', 'unhelpful',
		'welcome', 'welcoming', 'greeted', 'attitude', 'smile', 'smiling',
		'personnel', 'accueil', 'accueillant', 'accueillante', 'mal accueilli', 'bien accueilli', 'vendeur',
		'vendeuse', 'conseiller', 'conseillère', 'employé', 'employée', 'caissier', 'caissière', 'équipe',
		'hôtesse', "agent d'accueil", 'serveur', 'serveuse', 'gérant', 'gérante', 'aimable', 'désagréable',
		'impoli', 'impolie', 'poli', 'polie', 'souriant', 'souriante', 'sourire', 'gentil', 'gentille', 'courtois',
		'courtoise', 'méprisant', 'méprisante', 'irrespectueux', 'irrespectueuse', 'incompétent', 'incompétente',
		'comportement',
	]),
	builtIn('quality', { en: 'Product quality', fr: 'Qualité' }, [
		'quality', 'poor quality', 'good quality', 'high quality', 'low quality', 'defective', 'defect', 'faulty',
		'broken', 'damaged', 'flaw', 'flawed', 'durable', 'durability', 'cheaply made', 'poorly made', 'well made',
		'fell apart', 'stopped working', 'product', 'material', 'fabric', 'scratched', 'cracked', 'expired',
		'qualité', 'mauvaise qualité', 'bonne qualité', 'défectueux', 'défectueuse', 'défaut', 'cassé', 'cassée',
		'abîmé', 'abîmée', 'endommagé', 'endommagée', 'produit', 'article', 'matière', 'tissu', 'fragile',
		'solide', 'robuste', 'panne', 'en panne', 'ne fonctionne pas', 'ne fonctionne plus', 'ne marche pas',
		'ne marche plus', 'usé', 'usée', 'déchiré', 'déchirée', 'rayé', 'rayée', 'périmé', 'périmée', 'finition',
		'fiabilité',
	]),
	builtIn('billing', { en: 'Billing', fr: 'Facturation' }, [
		'bill', 'billing', 'billed', 'invoice', 'invoiced', 'charged', 'overcharged', 'double charged',
		'charged twice', 'extra charge', 'hidden charge', 'hidden fee', 'fee', 'payment', 'direct debit',
		'debited', 'credit card', 'card declined', 'statement', 'receipt', 'subscription', 'vat',
		'facture', 'facturation', 'facturé', 'facturée', 'surfacturé', 'surfacturée', 'erreur de facturation',
		'prélèvement', 'prélevé', 'prélevée', 'débité', 'débitée', 'double prélèvement', 'paiement', 'abonnement',
		'frais bancaires', 'frais supplémentaires', 'frais cachés', 'frais de dossier', 'frais de résiliation',
		'montant', 'tva', 'carte bancaire', 'carte bleue', 'virement', 'échéance', 'ticket de caisse',
	]),
	builtIn('waiting', { en: 'Waiting time', fr: 'Attente' }, [
		'wait', 'waited', 'waiting', 'waiting time', 'wait time', 'long wait', 'queue', 'queued', 'queuing',
		'on hold', 'hold music', 'delay', 'delayed', 'slow', 'took forever', 'took ages', 'too long',
		'response time',
		'attente', 'attendre', "temps d'attente", "file d'attente", "mise en attente", 'mis en attente',
		'faire la queue', 'patienter', 'patienté', 'lent', 'lente', 'lenteur', 'délai', 'retard', 'en retard',
		'trop long', 'trop longtemps', "heure d'attente", 'des heures',
	]),
	builtIn('website', { en: 'Website and app', fr: 'Site et appli' }, [
		'website', 'web site', 'site', 'webpage', 'web page', 'homepage', 'app', 'mobile app', 'application',
		'online', 'login', 'log in', 'sign in', 'password', 'my account', 'bug', 'crash', 'crashed', 'error message',
		'page', 'link', 'navigation', 'interface', 'user friendly',
		'site web', 'site internet', 'internet', 'appli', 'application mobile', "page d'accueil", 'en ligne',
		'connexion', 'se connecter', 'identifiant', 'mot de passe', 'compte client', 'mon compte', 'espace client',
		'beug', 'bogue', 'plantage', 'ça plante', 'lien', 'ergonomie', 'ergonomique', 'formulaire',
	]),
	builtIn('purchase', { en: 'Purchase', fr: 'Achat' }, [
		'purchase', 'purchased', 'purchasing', 'buy', 'bought', 'buying', 'order', 'ordered', 'ordering',
		'checkout', 'cart', 'basket', 'shopping', 'shop', 'store', 'in store', 'pre order', 'preorder',
		'out of stock', 'in stock', 'product range',
		'achat', 'acheter', 'acheté', 'achetée', 'achète', 'commande', 'commander', 'commandé', 'commandée',
		'passer commande', 'panier', 'caisse', 'passage en caisse', 'magasin', 'boutique', 'rayon', 'stock',
		'rupture de stock', 'en stock', 'disponibilité', 'gamme', 'choix',
	]),
	builtIn('support', { en: 'After-sales and support', fr: 'SAV' }, [
		'customer service', 'customer support', 'customer care', 'support', 'support team', 'help desk',
		'helpdesk', 'hotline', 'call center', 'call centre', 'contact centre', 'live chat', 'chat', 'chatbot',
		'ticket', 'complaint', 'complained', 'claim', 'warranty', 'guarantee', 'repair', 'repaired', 'after sales',
		'after sales service', 'technician', 'agent', 'representative', 'follow up', 'callback', 'call back',
		'no reply', 'no response', 'resolved', 'unresolved',
		'service client', 'service clientèle', 'relation client', 'sav', 'service après vente', 'après vente',
		'assistance', "centre d'appel", 'téléconseiller', 'téléconseillère', 'tchat',
		'réclamation', 'plainte', 'garantie', 'réparation', 'réparé', 'réparée', 'technicien', 'intervention',
		'dépannage', 'rappeler', 'rappel', 'rappelé', 'pas de réponse', 'sans réponse', 'aucune réponse',
		'injoignable', 'joindre', 'résolu', 'résolue', 'prise en charge',
	]),
	builtIn('returns', { en: 'Returns and refunds', fr: 'Retour et remboursement' }, [
		'return', 'returned', 'returning', 'return policy', 'return label', 'refund', 'refunded', 'refunding',
		'money back', 'exchange', 'exchanged', 'replacement', 'reimburse', 'reimbursed', 'reimbursement',
		'credit note', 'store credit', 'send back', 'sent back',
		'retour', 'retourner', 'retourné', 'retournée', 'renvoyer', 'renvoyé', 'renvoyée', 'rembourser',
		'remboursement', 'remboursé', 'remboursée', 'échange', 'échanger', 'échangé', 'échangée',
		'étiquette de retour', 'politique de retour', 'rétractation', 'droit de rétractation', 'reprise',
		'geste commercial',
	]),
	// Whether the customer can reach anyone and gets an answer, on any channel: a CX driver of its
	// own, beside the helpdesk itself (support). Phrases, so that "no answer" is not any "answer".
	builtIn('reachability', { en: 'Reachability and responsiveness', fr: 'Joignabilité et réactivité' }, [
		'unreachable', "couldn't reach", 'could not reach', "can't reach", 'cannot reach', 'unable to reach',
		'impossible to reach', 'hard to reach', "couldn't get through", "can't get through", 'could not get through',
		"couldn't get hold of", "can't get hold of", 'no answer', 'nobody answers', 'nobody answered',
		'no one answers', 'no one answered', 'nobody picks up', 'nobody picked up', 'no one picks up',
		'no one picked up', 'never picked up', "didn't pick up", 'never answered', 'never answer', 'never answers',
		"didn't answer", "doesn't answer", "don't answer", 'never replied', 'never reply', "didn't reply",
		'no reply', 'no response', 'never responded', "didn't respond", 'never heard back', 'never got back',
		"didn't get back", 'never called back', "didn't call back", 'never call back', 'never called me back',
		"didn't call me back", 'nobody called me back', 'no one called me back', 'nobody called back', 'no callback',
		'no call back', 'not called back', 'hung up', 'hung up on me', 'cut off', 'got cut off', 'call dropped',
		'dropped call', 'straight to voicemail', 'voicemail', 'line busy', 'always busy', 'ignored my emails',
		'ignored my calls', 'unanswered',
		'injoignable', 'impossible à joindre', 'impossible de joindre', 'pas moyen de joindre', 'difficile à joindre',
		'impossible de les joindre', 'impossible de vous joindre', 'personne ne répond', 'personne ne décroche',
		'personne ne rappelle', 'personne ne me rappelle', 'ne répond pas', 'ne répond jamais', 'ne répondent pas',
		'ne répondent jamais', 'ne décroche pas', 'ne décroche jamais', 'ne décrochent pas', 'pas de réponse',
		'aucune réponse', 'sans réponse', 'jamais de réponse', 'toujours pas de réponse', 'pas rappelé',
		'pas rappelée', 'jamais rappelé', 'jamais rappelée', 'pas été rappelé', 'pas été rappelée', 'jamais été rappelé',
		'jamais été rappelée', 'toujours pas rappelé', 'toujours pas rappelée', 'ne rappelle pas',
		'ne rappelle jamais', 'ne rappellent pas', 'ne rappellent jamais', 'raccroché', 'raccroché au nez',
		'appel coupé', 'communication coupée', 'sonne dans le vide', 'répondeur', 'messagerie vocale',
		'ligne occupée', 'toujours occupé', 'aucun retour', 'pas de retour', 'sans nouvelles', 'aucune nouvelle',
		'pas de nouvelles',
	]),
]);

/**
 * Phrases that only stop a shorter keyword inside them from counting (the longest phrase wins):
 * "in order to" is not an order, "cher client" is not about price. They apply in every mode.
 */
const BUILT_IN_STOP_PHRASES: readonly string[] = [
	'in order to',
	'in order for',
	'in return',
	"you're welcome",
	'you are welcome',
	'cher client',
	'chère cliente',
	'chers clients',
];

/** One compiled phrase: the word ids accepted after the first word, and its topics (-1: a stop phrase). */
interface Phrase {
	length: number;
	rest: ReadonlyArray<ReadonlySet<number>>;
	topics: number[];
	/** Only stops shorter keywords inside it. */
	stopOnly: boolean;
}

/** A compiled library. Build it once with `buildTopicLibrary` and reuse it for every comment. */
export class TopicLibrary {
	readonly topics: readonly TopicDefinition[];
	private readonly vocabulary: Vocabulary;
	/** Word id → phrases starting with that word, longest first. */
	private readonly starting: Array<Phrase[] | undefined>;

	constructor(topics: readonly TopicDefinition[]) {
		this.topics = deepFreeze(topics.map((topic) => ({ ...topic, keywords: [...topic.keywords] })));
		const { vocabulary, starting } = compile(this.topics);
		this.vocabulary = vocabulary;
		this.starting = starting;
		vocabulary.seal();
	}

	get topicIds(): string[] {
		return this.topics.map((topic) => topic.topic);
	}

	/** Tags one comment; see `tagTopics`. */
	tag(text: string | null | undefined, options: TagTopicsOptions = {}): TopicMatch[] {
		if (typeof text !== 'string' || text === '') return [];
		return this.match(text, this.vocabulary.scan(text), options);
	}

	/**
	 * Starts tagging a comment that the sentiment tokenizer is about to read: give it the listener this
	 * returns, then call `finishTagging`. The comment is read once for both (see Vocabulary.word).
	 */
	startTagging(text: string | null | undefined): WordListener | undefined {
		if (typeof text !== 'string' || text === '') return undefined;
		this.vocabulary.begin(text);
		return this.vocabulary;
	}

	/** The topics of the comment given to `startTagging`, as `tag` finds them. */
	finishTagging(text: string | null | undefined, listener: WordListener | undefined, options: TagTopicsOptions = {}): TopicMatch[] {
		if (typeof text !== 'string' || text === '' || listener !== this.vocabulary) return this.tag(text, options);
		return this.match(text, this.vocabulary.finish(), options);
	}

	private match(text: string, count: number, options: TagTopicsOptions): TopicMatch[] {
		const { ids, starts, ends } = buffers;
		let found: Array<{ matched: string[]; keys: string[] } | undefined> | undefined;
		let coveredEnd = 0;

		for (let position = 0; position < count; position++) {
			const id = ids[position];
			if (id < 0) continue;
			const phrases = this.starting[id];
			if (phrases === undefined) continue;
			let bestLength = 0;
			for (const phrase of phrases) {
				if (phrase.length < bestLength) break;
				const end = position + phrase.length;
				// Past the text, or inside a longer phrase already matched.
				if (end > count || end <= coveredEnd) continue;
				if (phrase.length > 1 && !restMatches(phrase, position)) continue;
				bestLength = phrase.length;
				if (phrase.stopOnly) continue;
				let key = String(id);
				for (let at = position + 1; at < end; at++) key += ` ${ids[at]}`;
				const surface = text.slice(starts[position], ends[end - 1]);
				for (const topicIndex of phrase.topics) {
					found ??= new Array(this.topics.length);
					const hits = (found[topicIndex] ??= { matched: [], keys: [] });
					if (hits.keys.includes(key)) continue;
					hits.keys.push(key);
					hits.matched.push(surface);
				}
			}
			if (bestLength > 0) coveredEnd = Math.max(coveredEnd, position + bestLength);
		}

		if (found === undefined) return [];
		const language = labelLanguage(options.language);
		const result: TopicMatch[] = [];
		for (let topicIndex = 0; topicIndex < this.topics.length; topicIndex++) {
			const hits = found[topicIndex];
			if (hits === undefined) continue;
			const topic = this.topics[topicIndex];
			result.push({ topic: topic.topic, label: topic.labels?.[language] ?? topic.label, matched: hits.matched });
		}
		return result;
	}
}

function restMatches(phrase: Phrase, position: number): boolean {
	const { ids, breaks } = buffers;
	for (let offset = 1; offset < phrase.length; offset++) {
		const at = position + offset;
		if (breaks[at] === 1 || !phrase.rest[offset - 1].has(ids[at])) return false;
	}
	return true;
}

let builtInLibrary: TopicLibrary | undefined;

/** The built-in library, compiled on first use. */
export function defaultTopicLibrary(): TopicLibrary {
	builtInLibrary ??= new TopicLibrary(BUILT_IN_TOPICS);
	return builtInLibrary;
}

const compiledLists = new WeakMap<readonly TopicDefinition[], TopicLibrary>();

/**
 * The topics a comment mentions, in library order, each with the words that matched as they appear
 * in the text. Pass a library from `buildTopicLibrary` (compiled once); a plain list of definitions
 * also works and is compiled once per list.
 */
export function tagTopics(
	text: string | null | undefined,
	library: TopicLibrary | readonly TopicDefinition[] = defaultTopicLibrary(),
	options: TagTopicsOptions = {},
): TopicMatch[] {
	if (library instanceof TopicLibrary) return library.tag(text, options);
	let compiled = compiledLists.get(library);
	if (!compiled) {
		compiled = new TopicLibrary(library);
		compiledLists.set(library, compiled);
	}
	return compiled.tag(text, options);
}

const customTopicSchema = z
	.object({
		topic: z.string({ required_error: 'the topic id is missing' }).trim().min(1, 'the topic id is empty').max(64, 'the topic id is longer than 64 characters'),
		label: z.string().trim().max(80, 'the label is longer than 80 characters').nullish(),
		keywords: z.unknown(),
	})
	.strict();

/**
 * The library to tag with:
 * - builtIn: the built-in topics (custom entries are ignored);
 * - extend: the built-in topics, plus custom keywords for existing ids (matched case-insensitively;
 *   a custom label replaces the built-in one) and custom topics appended in order;
 * - replace: only the custom topics.
 * Custom entries are checked; a bad one fails with a FeedbackError naming it.
 */
export function buildTopicLibrary(settings: TopicLibrarySettings = { mode: 'builtIn' }, field = 'customTopics'): TopicLibrary {
	const mode = settings.mode;
	if (!TOPIC_LIBRARY_MODES.includes(mode)) {
		throw new FeedbackError(
			`Unknown topic library mode "${String(mode)}": use builtIn, extend or replace`,
			`${field}.mode`,
		);
	}
	if (mode === 'builtIn') return defaultTopicLibrary();
	const custom = readCustomTopics(settings.custom, field);
	if (mode === 'replace' && custom.length === 0) {
		throw new FeedbackError(
			'Replacing the built-in topics needs at least one custom topic',
			field,
			'Add a topic with its keywords, or choose to extend the built-in topics instead',
		);
	}
	if (mode === 'extend' && custom.length === 0) return defaultTopicLibrary();

	const topics: Array<{ topic: string; label: string; labels?: TopicDefinition['labels']; keywords: string[] }> =
		mode === 'extend' ? BUILT_IN_TOPICS.map((topic) => ({ ...topic, keywords: [...topic.keywords] })) : [];
	for (const entry of custom) {
		const existing = topics.find((topic) => topic.topic.toLowerCase() === entry.topic.toLowerCase());
		if (existing) {
			existing.keywords.push(...entry.keywords);
			if (entry.label) {
				existing.label = entry.label;
				delete existing.labels;
			}
		} else {
			topics.push({ topic: entry.topic, label: entry.label ?? entry.topic, keywords: [...entry.keywords] });
		}
	}
	return new TopicLibrary(topics);
}

function readCustomTopics(raw: unknown, field: string): Array<{ topic: string; label: string | null; keywords: string[] }> {
	if (raw === undefined || raw === null) return [];
	if (!Array.isArray(raw)) {
		throw new FeedbackError('Custom topics must be a list of { topic, label, keywords }', field);
	}
	return raw.map((entry: unknown, index) => {
		const name = describeEntry(entry, index);
		const parsed = customTopicSchema.safeParse(entry);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const where = issue.path.length ? `.${issue.path.join('.')}` : '';
			const message =
				issue.code === 'unrecognized_keys'
					? `unknown setting ${issue.keys.map((key) => `"${key}"`).join(', ')} (use topic, label, keywords)`
					: issue.code === 'invalid_type' && issue.path.length === 0
						? 'must be an object with topic, label and keywords'
						: issue.message;
			throw new FeedbackError(`${name}: ${message}`, `${field}[${index}]${where}`);
		}
		const keywords = readKeywords(parsed.data.keywords, name, `${field}[${index}].keywords`);
		if (keywords.length === 0) {
			throw new FeedbackError(`${name}: it has no keywords`, `${field}[${index}].keywords`);
		}
		keywords.forEach((keyword, keywordIndex) => {
			if (splitWords(keyword).length === 0) {
				throw new FeedbackError(
					`${name}: keyword ${keywordIndex + 1} (${JSON.stringify(keyword)}) has no letters or digits`,
					`${field}[${index}].keywords[${keywordIndex}]`,
				);
			}
		});
		return { topic: parsed.data.topic, label: parsed.data.label || null, keywords };
	});
}

function readKeywords(raw: unknown, name: string, field: string): string[] {
	if (typeof raw === 'string') return parseKeywordList(raw);
	if (!Array.isArray(raw)) {
		throw new FeedbackError(
			`${name}: keywords must be a list of words or phrases, or one text separated by commas`,
			field,
		);
	}
	return raw.map((keyword: unknown, keywordIndex) => {
		if (typeof keyword !== 'string') {
			throw new FeedbackError(`${name}: keyword ${keywordIndex + 1} must be text, got ${describeValue(keyword)}`, `${field}[${keywordIndex}]`);
		}
		return keyword.trim();
	});
}

function describeEntry(entry: unknown, index: number): string {
	const topic = typeof entry === 'object' && entry !== null ? (entry as { topic?: unknown }).topic : undefined;
	const named = typeof topic === 'string' && topic.trim() ? ` "${topic.trim()}"` : '';
	return `Custom topic ${index + 1}${named}`;
}

/** Splits one text of keywords on commas, semicolons and line breaks; empty pieces are dropped. */
export function parseKeywordList(text: string): string[] {
	return text
		.split(/[,;\n\r]+/)
		.map((keyword) => keyword.trim())
		.filter((keyword) => keyword !== '');
}

// ---------------------------------------------------------------------------------------------
// Compilation

function compile(topics: readonly TopicDefinition[]): { vocabulary: Vocabulary; starting: Array<Phrase[] | undefined> } {
	const byKey = new Map<string, { words: string[]; topics: number[] }>();
	const add = (keyword: string, topicIndex: number) => {
		const words = splitWords(keyword).map((word) => word.folded);
		if (words.length === 0) return;
		const key = words.join(' ');
		const entry = byKey.get(key);
		if (!entry) byKey.set(key, { words, topics: [topicIndex] });
		else if (!entry.topics.includes(topicIndex)) entry.topics.push(topicIndex);
	};
	topics.forEach((topic, topicIndex) => topic.keywords.forEach((keyword) => add(keyword, topicIndex)));
	BUILT_IN_STOP_PHRASES.forEach((phrase) => add(phrase, -1));

	const vocabulary = new Vocabulary();
	const starting: Array<Phrase[] | undefined> = [];
	for (const { words, topics: topicIndexes } of byKey.values()) {
		const phrase: Phrase = {
			length: words.length,
			rest: words.slice(1).map((word) => new Set(wordForms(word).map((form) => vocabulary.add(form)))),
			topics: topicIndexes.sort((a, b) => a - b).filter((topicIndex) => topicIndex >= 0),
			stopOnly: topicIndexes.every((topicIndex) => topicIndex < 0),
		};
		for (const form of wordForms(words[0])) {
			const id = vocabulary.add(form);
			(starting[id] ??= []).push(phrase);
		}
	}
	for (const list of starting) list?.sort((a, b) => b.length - a.length);
	return { vocabulary, starting };
}

/** A folded word and its simple plurals; words under three letters stay as they are. */
export function wordForms(word: string): string[] {
	if (word.length < 3) return [word];
	const forms = new Set([word, `${word}s`, `${word}x`, `${word}es`]);
	if (/[^aeiou]y$/.test(word)) forms.add(`${word.slice(0, -1)}ies`);
	if (word.endsWith('al')) forms.add(`${word.slice(0, -2)}aux`);
	if (word.endsWith('ail')) forms.add(`${word.slice(0, -3)}aux`);
	return [...forms];
}

// ---------------------------------------------------------------------------------------------
// The hot path: a character trie of every word the library knows, walked while the text is read,
// so each word of a comment becomes a number without building a string or looking anything up.

/** Trie slots: a-z then 0-9; other folded characters go through `others`. */
const SLOTS = 36;
const slotOf = new Int8Array(128).fill(-1);
for (let code = 97; code <= 122; code++) slotOf[code] = code - 97;
for (let code = 48; code <= 57; code++) slotOf[code] = code - 48 + 26;

/** Word ids, positions and clause breaks of the comment being tagged; reused, grown on demand. */
const buffers = {
	ids: new Int32Array(256),
	starts: new Int32Array(256),
	ends: new Int32Array(256),
	breaks: new Uint8Array(256),
};

function growBuffers(): void {
	const size = buffers.ids.length * 2;
	const grow = <T extends Int32Array | Uint8Array>(old: T, fresh: T): T => {
		fresh.set(old);
		return fresh;
	};
	buffers.ids = grow(buffers.ids, new Int32Array(size));
	buffers.starts = grow(buffers.starts, new Int32Array(size));
	buffers.ends = grow(buffers.ends, new Int32Array(size));
	buffers.breaks = grow(buffers.breaks, new Uint8Array(size));
}

class Vocabulary implements WordListener {
	/** Node → child per slot (0: none; node 0 is the root). */
	private next = new Int32Array(SLOTS * 256);
	/** Node → word id + 1 (0: not a word). */
	private terminal = new Int32Array(256);
	private nodeCount = 1;
	private readonly others = new Map<string, number>();
	private readonly words: string[] = [];
	private readonly byWord = new Map<string, number>();
	/** Word ids of the French elisions. */
	private readonly elisions = new Set<number>();

	constructor() {
		for (const word of ELISIONS) this.elisions.add(this.add(word));
	}

	/** Id of a folded word, adding it when new. */
	add(word: string): number {
		const known = this.byWord.get(word);
		if (known !== undefined) return known;
		let node = 0;
		for (const char of word) {
			let child = this.child(node, char);
			if (child === 0) {
				child = this.newNode();
				this.setChild(node, char, child);
			}
			node = child;
		}
		const id = this.words.length;
		this.words.push(word);
		this.byWord.set(word, id);
		this.terminal[node] = id + 1;
		return id;
	}

	private newNode(): number {
		if (this.nodeCount === this.terminal.length) {
			const next = new Int32Array(this.next.length * 2);
			next.set(this.next);
			this.next = next;
			const terminal = new Int32Array(this.terminal.length * 2);
			terminal.set(this.terminal);
			this.terminal = terminal;
		}
		return this.nodeCount++;
	}

	private child(node: number, char: string): number {
		const code = char.charCodeAt(0);
		const slot = char.length === 1 && code < 128 ? slotOf[code] : -1;
		return slot >= 0 ? this.next[node * SLOTS + slot] : (this.others.get(`${node}:${char}`) ?? 0);
	}

	private setChild(node: number, char: string, child: number): void {
		const code = char.charCodeAt(0);
		const slot = char.length === 1 && code < 128 ? slotOf[code] : -1;
		if (slot >= 0) this.next[node * SLOTS + slot] = child;
		else this.others.set(`${node}:${char}`, child);
	}

	/** The comment being read, how far it is read, and the words read so far (in `buffers`). */
	private text = '';
	private scanned = 0;
	private count = 0;
	private pendingBreak = false;
	/** Whether the tokenizer's words can be taken as they come (see `word`). */
	private fused = true;
	/** Word ids by the tokenizer's hash, for the words spelled in a-z and 0-9 (see `seal`). */
	private hashes = new Int32Array(0);
	private hashIds = new Int32Array(0);
	private hashMask = 0;

	/** Called once every word is added: the table that finds a tokenizer word's id by its hash. */
	seal(): void {
		const plain = this.words.filter((word) => /^[a-z0-9]+$/.test(word));
		let size = 1;
		while (size < plain.length * 4) size *= 2;
		this.hashMask = size - 1;
		this.hashes = new Int32Array(size);
		this.hashIds = new Int32Array(size);
		for (const word of plain) {
			const hash = hashString(word);
			let slot = hash & this.hashMask;
			while (this.hashes[slot] !== 0) slot = (slot + 1) & this.hashMask;
			this.hashes[slot] = hash === 0 ? 1 : hash;
			this.hashIds[slot] = this.byWord.get(word) as number;
		}
	}

	/** Starts reading a comment; `word` takes the tokenizer's words, `finish` reads the rest. */
	begin(text: string): void {
		this.text = text;
		this.scanned = 0;
		this.count = 0;
		this.pendingBreak = false;
		this.fused = true;
	}

	/**
	 * A word of the sentiment tokenizer (text.ts), at [start, end) of the lower-cased comment, spelled in
	 * a-z, digits and FOLDED_LETTERS, with its hash. It is taken as it is when it is exactly one of this
	 * scanner's words: same positions in the comment as written, no word character or apostrophe right
	 * after it, none right before. Anything else is left for `readRange`, so the words come out the same.
	 */
	word(hash: number, lowerCased: string, start: number, end: number): void {
		const text = this.text;
		if (!this.fused || lowerCased.length !== text.length) {
			this.fused = false;
			return;
		}
		if (start > 0 && kindOf(text.charCodeAt(start - 1)) === WORD) return;
		if (end < text.length) {
			const after = kindOf(text.charCodeAt(end));
			if (after === WORD || after === APOSTROPHE) return;
		}
		this.readRange(this.scanned, start);
		const wanted = hash === 0 ? 1 : hash;
		let slot = hash & this.hashMask;
		let stored = this.hashes[slot];
		let id = -1;
		while (stored !== 0) {
			if (stored === wanted) {
				const candidate = this.hashIds[slot];
				if (spells(lowerCased, start, end, this.words[candidate])) {
					id = candidate;
					break;
				}
			}
			slot = (slot + 1) & this.hashMask;
			stored = this.hashes[slot];
		}
		if (!(id >= 0 && this.elisions.has(id) && isElided(text, end))) this.push(id, start, end);
		this.scanned = end;
	}

	/** Reads what the tokenizer did not hand over; returns the number of words in `buffers`. */
	finish(): number {
		this.readRange(this.scanned, this.text.length);
		this.scanned = this.text.length;
		return this.count;
	}

	/**
	 * Reads a comment into `buffers`: one entry per word (id, or -1 for a word no keyword uses), French
	 * elisions dropped, and whether a clause break comes before it. Returns the number of words.
	 */
	scan(text: string): number {
		this.begin(text);
		return this.finish();
	}

	private push(id: number, start: number, end: number): void {
		const count = this.count;
		if (count === buffers.ids.length) growBuffers();
		buffers.ids[count] = id;
		buffers.starts[count] = start;
		buffers.ends[count] = end;
		buffers.breaks[count] = this.pendingBreak ? 1 : 0;
		this.pendingBreak = false;
		this.count = count + 1;
	}

	/** Reads text[from..to) of the comment, word by word. */
	private readRange(from: number, to: number): void {
		const text = this.text;
		const next = this.next;
		let position = from;
		while (position < to) {
			const code = text.charCodeAt(position);
			const kind = code < 128 ? charKinds[code] : kindOf(code);
			if (kind !== WORD) {
				if (kind === BREAK) this.pendingBreak = true;
				position++;
				continue;
			}
			const start = position;
			let node = 0;
			let empty = true;
			for (; position < to; position++) {
				const char = text.charCodeAt(position);
				if (char < 128) {
					if (charKinds[char] !== WORD) break;
					empty = false;
					if (node >= 0) node = next[node * SLOTS + slotOf[char | 32]] || -1;
				} else {
					if (kindOf(char) !== WORD) break;
					const fold = foldCharacter(char);
					if (fold !== '') empty = false;
					for (let index = 0; index < fold.length && node >= 0; index++) node = this.step(node, fold[index]);
				}
			}
			if (empty) continue;
			const id = node > 0 ? this.terminal[node] - 1 : -1;
			if (id >= 0 && this.elisions.has(id) && isElided(text, position)) continue;
			this.push(id, start, position);
		}
	}

	private step(node: number, char: string): number {
		const code = char.charCodeAt(0);
		const slot = code < 128 ? slotOf[code] : -1;
		const child = slot >= 0 ? this.next[node * SLOTS + slot] : (this.others.get(`${node}:${char}`) ?? 0);
		return child || -1;
	}
}

function labelLanguage(language: string | null | undefined): TopicLanguage {
	return typeof language === 'string' && language.trim().toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const child of Object.values(value)) deepFreeze(child);
	}
	return value;
}
