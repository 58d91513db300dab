import { DEFAULT_ROOT_CAUSES, closeIntegrity, pendingWording, readCaseClosure } from '../../nodes/core/caseClosure';
import { foldText } from '../../nodes/core/textFolding';
import { feedbackError } from './expectations';

describe('reading the close form', () => {
	it('reads yes/no as forms send them, in English and French', () => {
		expect(readCaseClosure({ twoWayContact: 'Oui', resolved: 'non' })).toMatchObject({ twoWayContact: true, resolved: false });
		expect(readCaseClosure({ twoWayContact: true, resolved: 'yes' })).toMatchObject({ twoWayContact: true, resolved: true });
		expect(readCaseClosure({ twoWayContact: 'no', resolved: '' })).toMatchObject({ twoWayContact: false, resolved: null });
		expect(readCaseClosure({ twoWayContact: 0 })).toMatchObject({ twoWayContact: false, resolved: null, rootCause: null, notes: null });
	});

	it('takes a root cause by its id or its label in either language, and keeps free text as written', () => {
		expect(readCaseClosure({ twoWayContact: 'yes', rootCause: 'Livraison en retard, perdue ou abîmée' }).rootCause).toBe('delivery');
		expect(readCaseClosure({ twoWayContact: 'yes', rootCause: 'waiting time or availability' }).rootCause).toBe('waiting');
		expect(readCaseClosure({ twoWayContact: 'yes', rootCause: 'staff' }).rootCause).toBe('staff');
		expect(readCaseClosure({ twoWayContact: 'yes', rootCause: 'Carrier strike in Lyon' }).rootCause).toBe('Carrier strike in Lyon');
		expect(new Set(DEFAULT_ROOT_CAUSES.map((cause) => cause.id)).size).toBe(DEFAULT_ROOT_CAUSES.length);
	});

	it('needs the two-way contact answer, and refuses an answer that is not yes or no', () => {
		expect(feedbackError(() => readCaseClosure({ resolved: 'yes' })).field).toBe('close.twoWayContact');
		const error = feedbackError(() => readCaseClosure({ twoWayContact: 'maybe' }));
		expect(error.field).toBe('close.twoWayContact');
		expect(error.message).toMatch(/must be yes or no \(oui or non\)/);
	});
});

describe('notes that say the work is not finished', () => {
	it.each([
		'TBC',
		'T.B.C. with the warehouse',
		'Waiting for the customer’s feedback',
		'waiting on client reply',
		'Awaiting customer confirmation',
		'No reply yet from the customer',
		'Follow-up needed next week',
		"Issue isn't resolved yet",
		'Still open on the carrier side',
		'En attente du retour client',
		'en attente de la réponse du client',
		'Dossier en attente',
		'À suivre',
		'Remboursement à confirmer',
		'Pas encore de retour du transporteur',
		'Toujours en cours',
		'Relance prévue lundi',
		'Client sans réponse',
	])('flags %p', (note) => {
		expect(pendingWording(note)).not.toBeNull();
	});

	it.each([
		'Refund sent and confirmed by the customer on the phone',
		'Called the customer, apologised, replacement delivered',
		'Nous allons suivre la commande jusqu’à la livraison : client rappelé, satisfait',
		'Le client a confirmé la réception, attente de 3 jours expliquée',
		'Resolved: the waiting time was due to a staff shortage, now fixed',
		'',
	])('does not flag %p', (note) => {
		expect(pendingWording(note)).toBeNull();
	});

	it('matches on folded words, as the fold gives them', () => {
		expect(foldText('À suivre')).toBe('a suivre');
		expect(pendingWording('à SUIVRE!')).toBe('a suivre');
	});
});

describe('the integrity of a close', () => {
	const close = (answers: Record<string, unknown>) => readCaseClosure(answers);

	it('flags "resolved" with no two-way contact on record, and closes anyway by default', () => {
		expect(closeIntegrity(close({ twoWayContact: 'no', resolved: 'yes' }))).toEqual({
			allowed: true,
			flags: ['resolved-without-two-way-contact'],
			reasons: ['Closed as resolved, but no two-way conversation with the customer is on record'],
		});
	});

	it('accepts "resolved" after a two-way conversation, from the form or from a contact attempt on record', () => {
		expect(closeIntegrity(close({ twoWayContact: 'yes', resolved: 'yes', notes: 'Refund confirmed by phone' })).flags).toEqual([]);
		expect(closeIntegrity(close({ twoWayContact: 'no', resolved: 'yes' }), 'flag', true).flags).toEqual([]);
	});

	it('does not flag an honest "not resolved" without contact', () => {
		expect(closeIntegrity(close({ twoWayContact: 'no', resolved: 'no', notes: 'Three attempts, no answer: closed unresolved' })).flags).toEqual([]);
	});

	it('flags a close whose notes or action say it is pending, naming the wording', () => {
		const verdict = closeIntegrity(close({ twoWayContact: 'yes', resolved: 'yes', actionTaken: 'Geste commercial à confirmer' }));
		expect(verdict.flags).toEqual(['closed-while-pending']);
		expect(verdict.reasons).toEqual(['Closed while the notes say it is not finished ("a confirmer")']);
	});

	it('blocks a flagged close when the policy says block, and records nothing when it says allow', () => {
		const boxTicked = close({ twoWayContact: 'no', resolved: 'yes', notes: 'TBC, waiting for the customer’s feedback' });
		expect(closeIntegrity(boxTicked, 'block')).toMatchObject({ allowed: false, flags: ['resolved-without-two-way-contact', 'closed-while-pending'] });
		expect(closeIntegrity(boxTicked, 'allow')).toEqual({ allowed: true, flags: [], reasons: [] });
		expect(closeIntegrity(close({ twoWayContact: 'yes', resolved: 'yes' }), 'block').allowed).toBe(true);
	});
});
