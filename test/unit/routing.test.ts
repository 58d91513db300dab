import type { Person } from '../../nodes/core/routing';
import { readPersonField, readRoutingTable, routeAlert } from '../../nodes/core/routing';
import { compileRules, evaluateRules } from '../../nodes/core/rules';
import { feedbackErrorOf } from './sources/support';

const item = (hidden: Record<string, unknown>, touchpoint = 'delivery') => ({ feedback: { touchpoint, hidden } });
const lyon: Person = { name: 'Camille Martin', email: 'camille@example.com', phone: null, helpdeskUserId: null };
const fallback: Person = { name: 'CX desk', email: 'cx@example.com', phone: null, helpdeskUserId: '42' };

const failure = (run: () => unknown) => {
	const refused = feedbackErrorOf(run);
	return typeof refused === 'string' ? refused : refused.message;
};

describe('a routing table', () => {
	it('routes by the field value, ignoring accents, case and spaces, with the route’s coach', () => {
		const table = readRoutingTable(
			[
				{ value: 'Lyon Part-Dieu', ownerName: 'Camille Martin', ownerEmail: 'camille@example.com', coachName: 'Élodie', coachEmail: 'elodie@example.com' },
				{ value: 'Saint-Étienne', owner: { name: 'Noé', email: 'noe@example.com' } },
			],
			'feedback.hidden.store',
		);
		const routed = routeAlert(table, item({ store: '  lyon part-dieu ' }), { owner: null, coach: null });
		expect(routed).toMatchObject({ routed: true, via: 'route', owner: lyon, coach: { name: 'Élodie', email: 'elodie@example.com' } });
		expect(routeAlert(table, item({ store: 'SAINT-ETIENNE' }), { owner: null, coach: null })).toMatchObject({ routed: true, owner: { name: 'Noé' } });
	});

	it('finds a route for every spelling an Alert Rule condition equals: punctuation, ligatures and elisions fold alike', () => {
		const table = readRoutingTable(
			[
				{ value: 'Lyon Part-Dieu', ownerName: 'Camille Martin', ownerEmail: 'camille@example.com' },
				{ value: "Cœur d'Orléans", ownerName: 'Noé', ownerEmail: 'noe@example.com' },
			],
			'feedback.hidden.store',
		);
		const ownerOf = (store: string) => {
			const routed = routeAlert(table, item({ store }), { owner: null, coach: null });
			return routed.routed ? routed.owner.name : null;
		};
		for (const store of ['lyon part dieu', 'LYON-PART-DIEU', 'Lyon Part – Dieu']) {
			expect(ownerOf(store)).toBe('Camille Martin');
			const rule = compileRules({ rules: [{ name: 'Lyon', when: { conditions: [{ field: 'feedback.hidden.store', operator: 'equals', value: 'Lyon Part-Dieu' }] } }] });
			expect(evaluateRules(rule, item({ store })).matches).toHaveLength(1);
		}
		expect(ownerOf('coeur orleans')).toBe('Noé');
		expect(ownerOf("COEUR D’ORLEANS")).toBe('Noé');
		expect(ownerOf('Lyon')).toBeNull();
		expect(ownerOf('—')).toBeNull();
	});

	it('reads Data Table rows by their own column names, snake case included, with several values per row', () => {
		const rows = [{ id: 1, region: 'Nord, Hauts-de-France', owner_name: 'Sam', owner_email: 'sam@example.com', owner_helpdesk_user_id: 9001 }];
		const table = readRoutingTable(rows, 'feedback.hidden.region', 'region');
		expect(routeAlert(table, item({ region: 'hauts-de-france' }), { owner: null, coach: null })).toMatchObject({
			routed: true,
			owner: { name: 'Sam', email: 'sam@example.com', helpdeskUserId: '9001' },
		});
	});

	it('reads JSON pasted as text', () => {
		const table = readRoutingTable('[{"value": "delivery", "ownerName": "Ops", "ownerEmail": "ops@example.com"}]', 'feedback.touchpoint');
		expect(routeAlert(table, item({}), { owner: null, coach: null })).toMatchObject({ routed: true, owner: { email: 'ops@example.com' } });
	});

	it('falls back to the default owner and says why; with no default the item is routed to nobody, with the reason', () => {
		const table = readRoutingTable([{ value: 'Lyon', ownerName: 'Camille', ownerEmail: 'camille@example.com' }], 'feedback.hidden.store');
		expect(routeAlert(table, item({ store: 'Paris' }), { owner: fallback, coach: null })).toMatchObject({
			routed: true,
			via: 'default',
			owner: fallback,
			reason: 'no route for feedback.hidden.store "Paris": the default owner',
		});
		expect(routeAlert(table, item({}), { owner: null, coach: null })).toEqual({
			routed: false,
			reason: 'Routed to nobody: feedback.hidden.store is empty, and no default owner is set',
		});
		expect(routeAlert(readRoutingTable(undefined, 'feedback.hidden.store'), item({ store: 'Lyon' }), { owner: null, coach: null })).toMatchObject({
			routed: false,
			reason: expect.stringContaining('no routing table'),
		});
	});

	it.each<[string, unknown, RegExp]>([
		['a row that is not an object', ['Lyon'], /row 1 must be an object/],
		['a row with no value', [{ ownerName: 'A', ownerEmail: 'a@example.com' }], /row 1 has no "value"/],
		['a row with no owner', [{ value: 'Lyon' }], /row 1 \(Lyon\) has no owner/],
		['an owner nobody can reach', [{ value: 'Lyon', ownerName: 'Camille' }], /Camille needs an email, a phone or a helpdesk user id/],
		['a malformed email', [{ value: 'Lyon', ownerName: 'Camille', ownerEmail: 'camille-at-example' }], /row 1 \(Lyon\), owner: email must be an email address/],
		['the same value twice, accents aside', [{ value: 'Lyon', ownerEmail: 'a@example.com' }, { value: 'LYÔN', ownerEmail: 'b@example.com' }], /rows 1 and 2 both route "LYÔN"/],
		['a value with no letters or digits', [{ value: '—', ownerEmail: 'a@example.com' }], /row 1 routes "—", which has no letters or digits/],
		['the same value twice, punctuation aside', [{ value: 'Part-Dieu', ownerEmail: 'a@example.com' }, { value: 'part dieu', ownerEmail: 'b@example.com' }], /rows 1 and 2 both route "part dieu"/],
		['JSON that does not parse', '[{"value": }]', /not valid JSON/],
		['something that is not a list', { value: 'Lyon' }, /must be a list of rows/],
	])('refuses %s, naming the row and the field', (_case, input, message) => {
		expect(failure(() => readRoutingTable(input, 'feedback.hidden.store'))).toMatch(message);
	});

	it('reads a default owner typed into the node, and refuses one nobody can reach', () => {
		expect(readPersonField({ name: 'CX desk', email: 'cx@example.com' }, 'Default owner')).toEqual({ ...fallback, helpdeskUserId: null });
		expect(readPersonField({}, 'Default owner')).toBeNull();
		expect(failure(() => readPersonField({ name: 'CX desk' }, 'Default owner'))).toMatch(/CX desk needs an email/);
	});
});
