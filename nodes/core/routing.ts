/**
 * Owner routing: who must act on a bad experience, and who coaches them. A routing table maps the
 * value of one field of the item (the store, the region, the touchpoint, the account manager) to
 * an owner and a coach; a default owner catches the rest. The table is typed in the editor, pasted
 * as JSON, or read earlier in the workflow (an n8n Data Table read by n8n's own Data Table node,
 * whose rows arrive here through an expression), so rows come in several spellings.
 */
import { z } from 'zod';

import { FeedbackError, describeValue } from './feedback';
import { parseJsonText } from './json';
import { readPath } from './paths';
import { foldText } from './textFolding';

export interface Person {
	name: string | null;
	email: string | null;
	phone: string | null;
	/** The owner's user id in the helpdesk, so Create Case can assign the ticket to them. */
	helpdeskUserId: string | null;
}

export interface Route {
	/** The field values this route is for, as the user wrote them. */
	values: string[];
	owner: Person;
	coach: Person | null;
}

export interface RoutingTable {
	/** Dot path of the field whose value picks the route, e.g. `feedback.hidden.store`. */
	field: string;
	routes: Route[];
	/** Folded value → route, for a lookup per item. */
	byValue: ReadonlyMap<string, Route>;
}

export type Routing =
	| { routed: true; owner: Person; coach: Person | null; via: 'route' | 'default'; value: string | null; reason: string }
	| { routed: false; reason: string };

/**
 * Values compare as people read them, and as Alert Rule's conditions compare text: case, accents,
 * punctuation and spaces do not count ("Lyon Part-Dieu" is "lyon part dieu").
 */
export const foldRouteValue = foldText;

const text = z
	.union([z.string(), z.number().finite()])
	.transform((value) => String(value).trim())
	.nullable()
	.optional()
	.transform((value) => value || null);
const email = text.refine((value) => value === null || z.string().email().safeParse(value).success, 'must be an email address');

const personSchema = z.object({ name: text, email, phone: text, helpdeskUserId: text });

/**
 * The spellings a row may use: nested (`owner: { name, email }`), flat camel case (`ownerEmail`),
 * flat snake case (`owner_email`, as Data Table columns are often named), and `helpdesk_user_id`.
 */
function personFrom(row: Record<string, unknown>, role: 'coach' | 'owner'): Record<string, unknown> | undefined {
	const nested = row[role];
	if (nested !== null && typeof nested === 'object' && !Array.isArray(nested)) return nested as Record<string, unknown>;
	const flat = (field: string) => row[`${role}${field[0].toUpperCase()}${field.slice(1)}`] ?? row[`${role}_${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`];
	const person = { name: flat('name'), email: flat('email'), phone: flat('phone'), helpdeskUserId: flat('helpdeskUserId') };
	return Object.values(person).some((value) => value !== undefined && value !== null && value !== '') ? person : undefined;
}

function readPerson(raw: Record<string, unknown> | undefined, where: string): Person | null {
	if (!raw) return null;
	const parsed = personSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = issue.path.join('.');
		throw new FeedbackError(`${where}: ${field} ${issue.message} (got ${describeValue(raw[field])})`, field);
	}
	const person = parsed.data;
	if (!person.name && !person.email && !person.phone && !person.helpdeskUserId) return null;
	if (!person.email && !person.phone && !person.helpdeskUserId) {
		throw new FeedbackError(`${where}: ${person.name} needs an email, a phone or a helpdesk user id, or no alert can reach them`, 'email');
	}
	return person;
}

/** A person typed into the node (the default owner or coach); null when every field is empty. */
export function readPersonField(raw: unknown, where: string): Person | null {
	if (raw === undefined || raw === null || raw === '') return null;
	if (typeof raw !== 'object' || Array.isArray(raw)) throw new FeedbackError(`${where} must be an object with name and email, got ${describeValue(raw)}`, where);
	return readPerson(raw as Record<string, unknown>, where);
}

/**
 * The routing table from what the user gave: a list of rows (the editor's rows, JSON pasted as
 * text or an array from an expression). `valueColumn` names the column holding the field's value
 * when rows come from a Data Table (`store`, `region`…); `value` and `values` are always read.
 */
export function readRoutingTable(input: unknown, field: string, valueColumn = 'value'): RoutingTable {
	const rows = typeof input === 'string' ? parseRows(input) : input;
	if (rows === undefined || rows === null || rows === '') return { field, routes: [], byValue: new Map() };
	if (!Array.isArray(rows)) throw new FeedbackError(`The routing table must be a list of rows, got ${describeValue(rows)}`, 'routingTable');
	const routes: Route[] = [];
	const byValue = new Map<string, Route>();
	const rowOf = new Map<string, number>();
	rows.forEach((row: unknown, index) => {
		const where = `Routing table row ${index + 1}`;
		if (row === null || typeof row !== 'object' || Array.isArray(row)) {
			throw new FeedbackError(`${where} must be an object, got ${describeValue(row)}`, 'routingTable');
		}
		const record = row as Record<string, unknown>;
		const given = record.values ?? record[valueColumn] ?? record.value;
		const values = (Array.isArray(given) ? given : typeof given === 'string' ? given.split(',') : given === undefined || given === null ? [] : [given])
			.map((value) => String(value).trim())
			.filter(Boolean);
		if (values.length === 0) throw new FeedbackError(`${where} has no "${valueColumn}": say which ${field} value it routes`, valueColumn);
		const owner = readPerson(personFrom(record, 'owner'), `${where} (${values.join(', ')}), owner`);
		if (!owner) throw new FeedbackError(`${where} (${values.join(', ')}) has no owner: give at least a name and an email`, 'owner');
		const route: Route = { values, owner, coach: readPerson(personFrom(record, 'coach'), `${where} (${values.join(', ')}), coach`) };
		for (const value of values) {
			const folded = foldRouteValue(value);
			if (folded === '') throw new FeedbackError(`${where} routes "${value}", which has no letters or digits to compare`, valueColumn);
			const earlier = rowOf.get(folded);
			if (earlier !== undefined) {
				throw new FeedbackError(`Routing table rows ${earlier + 1} and ${index + 1} both route "${value}": keep one`, valueColumn);
			}
			rowOf.set(folded, index);
			byValue.set(folded, route);
		}
		routes.push(route);
	});
	return { field, routes, byValue };
}

function parseRows(text: string): unknown {
	if (!text.trim()) return undefined;
	const parsed = parseJsonText(text);
	if (!parsed) {
		throw new FeedbackError('The routing table is not valid JSON: paste a list of rows such as [{"value": "Lyon", "ownerName": "…", "ownerEmail": "…"}]', 'routingTable');
	}
	return parsed.value;
}

/** Who gets this item's alert: the table's route for its field value, else the default owner, else nobody (with the reason). */
export function routeAlert(
	table: RoutingTable,
	item: unknown,
	defaults: { owner: Person | null; coach: Person | null },
): Routing {
	const raw = table.routes.length > 0 ? readPath(item, table.field) : undefined;
	const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : null;
	const route = value ? table.byValue.get(foldRouteValue(value)) : undefined;
	if (route) {
		return { routed: true, owner: route.owner, coach: route.coach ?? defaults.coach, via: 'route', value, reason: `${table.field} is "${value}"` };
	}
	const why =
		table.routes.length === 0
			? 'no routing table'
			: value
				? `no route for ${table.field} "${value}"`
				: `${table.field} is ${raw === undefined || raw === null || raw === '' ? 'empty' : `not a value (${describeValue(raw)})`}`;
	if (defaults.owner) return { routed: true, owner: defaults.owner, coach: defaults.coach, via: 'default', value, reason: `${why}: the default owner` };
	return { routed: false, reason: `Routed to nobody: ${why}, and no default owner is set` };
}
