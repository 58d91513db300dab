import { readPath, splitPath } from '../../nodes/core/paths';

describe('dotted paths into API answers', () => {
	const answer = { ticket: { id: 35436, custom_fields: { closed_loop_revision: '2' } }, data: [{ id: 'a-1' }, { id: 'a-2' }] };

	it('read nested fields and list entries written with a dot or brackets', () => {
		expect(readPath(answer, 'ticket.id')).toBe(35436);
		expect(readPath(answer, 'data.0.id')).toBe('a-1');
		expect(readPath(answer, 'data[1].id')).toBe('a-2');
		expect(readPath(answer, 'ticket.custom_fields.closed_loop_revision')).toBe('2');
		expect(splitPath(' data [0] . id ')).toEqual(['data', '0', 'id']);
	});

	it('give undefined where nothing is, never an inherited property', () => {
		expect(readPath(answer, 'ticket.url')).toBeUndefined();
		expect(readPath(answer, 'data.2.id')).toBeUndefined();
		expect(readPath(answer, 'ticket.id.value')).toBeUndefined();
		expect(readPath(answer, 'ticket.constructor')).toBeUndefined();
		expect(readPath(answer, 'data.length')).toBe(2);
	});

	it('read the whole answer for an empty path', () => {
		expect(readPath(answer, '')).toBe(answer);
	});
});
