/**
 * Stand-ins for the n8n core nodes the templates use besides ours, so the node tests can run the
 * templates whole: the Data Table node (rows from workflows/data-tables, as the server set-up
 * creates them; get and update with n8n's filter conditions), Merge's "choose branch", No Op, the
 * Schedule Trigger (never fired here: tests feed its next node), and the email and Slack senders,
 * which record what they would send. The e2e tests run the real ones.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readDataTableSeeds } from '../../scripts/n8n-server.cjs';

export interface SentMessage {
	node: string;
	fields: Record<string, string>;
}

function standIn(
	name: string,
	version: number[],
	properties: INodeProperties[],
	execute: (context: IExecuteFunctions) => INodeExecutionData[][],
	inputs: number | string = 1,
): INodeType {
	return {
		description: {
			displayName: `${name} (test stand-in)`,
			name,
			group: ['transform'],
			version,
			description: 'Test stand-in',
			defaults: { name },
			inputs: typeof inputs === 'string' ? (inputs as `={{${string}}}`) : Array.from({ length: inputs }, () => 'main' as const),
			outputs: ['main'],
			properties,
		},
		async execute(this: IExecuteFunctions) {
			return execute(this);
		},
	};
}

const text = (name: string): INodeProperties => ({ displayName: name, name, type: 'string', default: '' });

/** A sender that records, per item, the fields it would send. */
function sender(name: string, version: number[], fields: string[], sent: SentMessage[]): INodeType {
	return standIn(name, version, fields.map(text), (context) => {
		const items = context.getInputData();
		items.forEach((_, itemIndex) => {
			sent.push({
				node: context.getNode().name,
				fields: Object.fromEntries(fields.map((field) => [field, String(context.getNodeParameter(field, itemIndex, ''))])),
			});
		});
		return [items];
	});
}

/** Data Table rows by table name: the seeds' rows, numbered from 1 as n8n numbers them. Updates change them in place. */
export type DataTableRows = Record<string, IDataObject[]>;

export function seededDataTables(): DataTableRows {
	return Object.fromEntries(readDataTableSeeds().map((table) => [table.name, (table.rows ?? []).map((row, index) => ({ id: index + 1, ...row }))]));
}

interface RowCondition {
	keyName: string;
	condition?: string;
	keyValue?: unknown;
}

/** n8n's Data Table filter conditions (common/selectMany), those the templates use. */
function matches(row: IDataObject, conditions: RowCondition[], matchType: string): boolean {
	const test = ({ keyName, condition = 'eq', keyValue }: RowCondition): boolean => {
		const value = row[keyName];
		const empty = value === undefined || value === null || value === '';
		if (condition === 'isEmpty') return empty;
		if (condition === 'isNotEmpty') return !empty;
		if (condition === 'eq') return String(value ?? '') === String(keyValue ?? '');
		if (condition === 'neq') return String(value ?? '') !== String(keyValue ?? '');
		throw new Error(`The Data Table stand-in does not know the condition "${condition}"`);
	};
	if (conditions.length === 0) return true;
	return matchType === 'allConditions' ? conditions.every(test) : conditions.some(test);
}

function dataTable(tables: DataTableRows): INodeType {
	const resourceLocator: INodeProperties = {
		displayName: 'Data Table',
		name: 'dataTableId',
		type: 'resourceLocator',
		default: { mode: 'name', value: '' },
		modes: [{ displayName: 'By Name', name: 'name', type: 'string' }],
	};
	const properties: INodeProperties[] = [
		resourceLocator,
		text('operation'),
		text('matchType'),
		{ displayName: 'Filters', name: 'filters', type: 'fixedCollection', typeOptions: { multipleValues: true }, default: {}, options: [
			{ displayName: 'Conditions', name: 'conditions', values: [text('keyName'), text('condition'), text('keyValue')] },
		] },
		{ displayName: 'Columns', name: 'columns', type: 'json', default: {} },
	];
	return standIn('dataTable', [1, 1.1], properties, (context) => {
		const wanted = String(context.getNodeParameter('dataTableId', 0, '', { extractValue: true }));
		const name = Object.keys(tables).find((table) => table.toLowerCase() === wanted.toLowerCase());
		if (!name) throw new NodeOperationError(context.getNode(), `Data table with name "${wanted}" not found`);
		const rows = tables[name];
		const operation = String(context.getNodeParameter('operation', 0, 'get'));
		const selected = (itemIndex: number) =>
			rows.filter((row) =>
				matches(row, context.getNodeParameter('filters.conditions', itemIndex, []) as RowCondition[], String(context.getNodeParameter('matchType', itemIndex, 'anyCondition'))),
			);
		if (operation === 'get') return [selected(0).map((row) => ({ json: { ...row }, pairedItem: { item: 0 } }))];
		if (operation !== 'update') throw new NodeOperationError(context.getNode(), `The Data Table stand-in does not run "${operation}"`);
		return [
			context.getInputData().flatMap((_, itemIndex) => {
				const values = context.getNodeParameter('columns.value', itemIndex, {}) as IDataObject;
				return selected(itemIndex).map((row) => {
					Object.assign(row, values);
					return { json: { ...row }, pairedItem: { item: itemIndex } };
				});
			}),
		];
	});
}

export function templateStandIns(sent: SentMessage[] = [], tables: DataTableRows = seededDataTables()): Record<string, INodeType> {
	return {
		'n8n-nodes-base.dataTable': dataTable(tables),
		'n8n-nodes-base.merge': standIn(
			'merge',
			[3, 3.1, 3.2],
			[
				{ displayName: 'Number of Inputs', name: 'numberInputs', type: 'number', default: 2 },
				{ displayName: 'Use Data of Input', name: 'useDataOfInput', type: 'number', default: 1 },
			],
			(context) => [context.getInputData(Number(context.getNodeParameter('useDataOfInput', 0, 1)) - 1)],
			"={{ Array.from({ length: $parameter.numberInputs || 2 }, () => 'main') }}",
		),
		'n8n-nodes-base.noOp': standIn('noOp', [1], [], (context) => [context.getInputData()]),
		'n8n-nodes-base.scheduleTrigger': {
			description: { ...standIn('scheduleTrigger', [1, 1.1, 1.2], [], () => []).description, inputs: [] },
			async trigger() {
				return {};
			},
		},
		'n8n-nodes-base.emailSend': sender('emailSend', [2, 2.1], ['fromEmail', 'toEmail', 'subject', 'text', 'html'], sent),
		'n8n-nodes-base.slack': sender('slack', [2, 2.1, 2.2, 2.3], ['text'], sent),
	};
}
