/**
 * Closing a case honestly (issue 12, Create Case's Close): the close-form answers, and what is wrong with a close
 * that ticks the box. Pure; Create Case's node will call it.
 *
 * Two things make a close dishonest, and both are flagged, in English and French:
 * - "resolved" with no two-way contact on record (the form says none, and no contact attempt was two-way): an
 *   automated email nobody answered is not a resolution;
 * - notes that say the work is not finished ("TBC", "waiting for the customer", "en attente du retour client",
 *   "à suivre"): a case closed while pending.
 * The policy decides what a flag does: `flag` (default) closes and records it, `block` refuses the close, `allow`
 * records nothing.
 */
import { z } from 'zod';

import { FeedbackError, describeIssues } from './feedback';
import { foldText } from './textFolding';

export const INTEGRITY_FLAGS = ['resolved-without-two-way-contact', 'closed-while-pending'] as const;
export type IntegrityFlag = (typeof INTEGRITY_FLAGS)[number];
export const INTEGRITY_POLICIES = ['allow', 'block', 'flag'] as const;
export type IntegrityPolicy = (typeof INTEGRITY_POLICIES)[number];

/** A default CX root-cause list; ids are stable, labels are what the close form shows. */
export const DEFAULT_ROOT_CAUSES = [
	{ id: 'billing', en: 'Billing or pricing error', fr: 'Erreur de facturation ou de prix' },
	{ id: 'communication', en: 'Missing or wrong information given', fr: 'Information absente ou erronée' },
	{ id: 'delivery', en: 'Late, lost or damaged delivery', fr: 'Livraison en retard, perdue ou abîmée' },
	{ id: 'expectation', en: 'Expectation not set (policy, promise)', fr: 'Attente mal posée (politique, promesse)' },
	{ id: 'other', en: 'Other', fr: 'Autre' },
	{ id: 'process', en: 'Process or policy failure', fr: 'Défaut de processus ou de règle' },
	{ id: 'product', en: 'Product defect or quality', fr: 'Défaut ou qualité du produit' },
	{ id: 'staff', en: 'Staff behaviour or skills', fr: 'Comportement ou compétence du personnel' },
	{ id: 'system', en: 'Website, app or system fault', fr: 'Panne du site, de l’appli ou du système' },
	{ id: 'waiting', en: 'Waiting time or availability', fr: 'Temps d’attente ou disponibilité' },
] as const;

const YES = new Set(['true', 'yes', 'y', 'oui', 'o', '1']);
const NO = new Set(['false', 'no', 'n', 'non', '0']);

/** A yes/no answer as forms send it: a boolean, "yes"/"no", "oui"/"non", 1/0; empty is no answer. */
const yesNo = z.preprocess((value) => {
	if (typeof value === 'boolean' || value === undefined || value === null) return value;
	const text = foldText(String(value));
	if (text === '') return undefined;
	if (YES.has(text)) return true;
	if (NO.has(text)) return false;
	return value;
}, z.boolean({ invalid_type_error: 'must be yes or no (oui or non)' }).optional());

const optionalText = z.preprocess(
	(value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
	z.string().trim().max(10_000).optional(),
);

const closureSchema = z
	.object({
		twoWayContact: yesNo,
		resolved: yesNo,
		rootCause: optionalText,
		actionTaken: optionalText,
		notes: optionalText,
	})
	.passthrough();

export interface CaseClosure {
	twoWayContact: boolean;
	/** Only means something with two-way contact; null when not answered. */
	resolved: boolean | null;
	/** A root-cause id from the list, or the free text given. */
	rootCause: string | null;
	actionTaken: string | null;
	notes: string | null;
}

/** Reads the close form's answers; `twoWayContact` must be answered. Throws a FeedbackError naming the field. */
export function readCaseClosure(raw: unknown, rootCauses: ReadonlyArray<{ id: string; en: string; fr: string }> = DEFAULT_ROOT_CAUSES): CaseClosure {
	const parsed = closureSchema.safeParse(raw ?? {});
	if (!parsed.success) {
		const { message, field } = describeIssues(parsed.error, 'close');
		throw new FeedbackError(message, field);
	}
	const { twoWayContact, resolved, rootCause, actionTaken, notes } = parsed.data;
	if (twoWayContact === undefined) {
		throw new FeedbackError('close.twoWayContact: say whether there was a two-way conversation with the customer (yes or no)', 'close.twoWayContact');
	}
	return {
		twoWayContact,
		resolved: resolved ?? null,
		rootCause: rootCause === undefined ? null : rootCauseId(rootCause, rootCauses),
		actionTaken: actionTaken ?? null,
		notes: notes ?? null,
	};
}

/** A root cause given as its id or as its label in either language is its id; anything else is kept as written. */
function rootCauseId(given: string, rootCauses: ReadonlyArray<{ id: string; en: string; fr: string }>): string {
	const folded = foldText(given);
	const known = rootCauses.find((cause) => [cause.id, cause.en, cause.fr].some((name) => foldText(name) === folded));
	return known ? known.id : given;
}

/**
 * Wording that says the work is not done, folded (lower case, no accents, no elisions, punctuation as spaces).
 * Each is a whole phrase, matched on word boundaries, so "suivre la commande" or "attente" alone do not count.
 */
const PENDING_PHRASES: readonly RegExp[] = [
	// English
	/\b(tbc|tbd|t b c|t b d)\b/,
	/\bto be (confirmed|continued|determined|followed up)\b/,
	/\b(waiting|wait) (for|on) (the )?(customer|client|reply|response|answer|feedback|call ?back)\b/,
	/\bawaiting (the )?(customer|client|reply|response|answer|feedback|confirmation)\b/,
	/\bpending (customer|client|reply|response|answer|feedback|confirmation)\b/,
	/\bno (reply|response|answer|feedback) yet\b/,
	/\b(follow up|followup|follow-up) (needed|required|pending|planned)\b/,
	/\b(not|isn t|isnt|is not) (yet )?(resolved|fixed|finished|done|sorted)\b/,
	/\bstill (open|pending|waiting|in progress)\b/,
	// French
	/\ben attente (du |de la |de |d )?(retour|reponse|rappel|confirmation|client)/,
	/\ben attente\b$/,
	/\ba (suivre|confirmer|completer|relancer|rappeler)\b/,
	/\bpas encore (de )?(retour|reponse|resolu|regle|traite|fini|termine)/,
	/\b(toujours|encore) (en cours|ouvert|en attente)\b/,
	/\b(relance|rappel) (prevue?|a faire|programmee?)\b/,
	/\bsans (retour|reponse|nouvelles?)\b/,
];

/** The wording in a note that says the case is still pending, or null. */
export function pendingWording(text: string | null): string | null {
	if (!text) return null;
	const folded = foldText(text);
	for (const phrase of PENDING_PHRASES) {
		const found = phrase.exec(folded);
		if (found) return found[0];
	}
	return null;
}

export interface CloseVerdict {
	/** False only when the policy blocks a flagged close. */
	allowed: boolean;
	flags: IntegrityFlag[];
	/** One sentence per flag, for the item, the case note and the error when blocked. */
	reasons: string[];
}

/**
 * What is wrong with a close. `twoWayOnRecord` is whether a contact attempt on the case was two-way (the
 * `contact.attempts[].twoWay` of the item), which counts like the form's own answer.
 */
export function closeIntegrity(closure: CaseClosure, policy: IntegrityPolicy = 'flag', twoWayOnRecord = false): CloseVerdict {
	if (policy === 'allow') return { allowed: true, flags: [], reasons: [] };
	const flags: IntegrityFlag[] = [];
	const reasons: string[] = [];
	if (closure.resolved === true && !closure.twoWayContact && !twoWayOnRecord) {
		flags.push('resolved-without-two-way-contact');
		reasons.push('Closed as resolved, but no two-way conversation with the customer is on record');
	}
	const pending = pendingWording([closure.notes, closure.actionTaken].filter(Boolean).join('\n'));
	if (pending) {
		flags.push('closed-while-pending');
		reasons.push(`Closed while the notes say it is not finished ("${pending}")`);
	}
	return { allowed: policy !== 'block' || flags.length === 0, flags, reasons };
}

export type RootCause = { id: string; en: string; fr: string };

/**
 * A team's own root-cause list, one per line: `id | English label | French label` (the French label may be left
 * out, and then the English one is used). Empty text is the default list. A malformed line is refused, naming it.
 */
export function readRootCauseList(text: string | null | undefined): readonly RootCause[] {
	const lines = (text ?? '')
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line !== '' && !line.startsWith('#'));
	if (lines.length === 0) return DEFAULT_ROOT_CAUSES;
	const seen = new Set<string>();
	return lines.map((line, index) => {
		const [id, en, fr] = line.split('|').map((part) => part.trim());
		if (!id || !/^[a-z0-9][a-z0-9_-]{0,49}$/i.test(id) || !en) {
			throw new FeedbackError(`Root Causes, line ${index + 1}: write "id | English label | French label", e.g. "delivery | Late delivery | Livraison en retard"; got "${line}"`, 'rootCauses');
		}
		if (seen.has(id.toLowerCase())) throw new FeedbackError(`Root Causes, line ${index + 1}: the ID "${id}" is used twice`, 'rootCauses');
		seen.add(id.toLowerCase());
		return { id, en, fr: fr || en };
	});
}

/** Whether a closure's root cause is one of the list's ids (free text is not). */
export const isListedRootCause = (rootCause: string | null, rootCauses: readonly RootCause[]): boolean =>
	rootCause !== null && rootCauses.some((cause) => cause.id === rootCause);
