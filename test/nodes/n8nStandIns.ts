/**
 * Stand-ins for the n8n core nodes the templates use besides ours, so the node tests can run the
 * templates whole: the Data Table node (rows from workflows/data-tables, as the server set-up
 * creates them), Merge's "choose branch", and the email and Slack senders, which record what they
 * would send. The e2e tests run the real ones.
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
	inputs = 1,
): INodeType {
	return {
		description: {
			displayName: `${name} (test stand-in)`,
			name,
			group: ['transform'],
			version,
			description: 'Test stand-in',
			defaults: { name },
			inputs: Array.from({ length: inputs }, () => 'main' as const),
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

export function templateStandIns(sent: SentMessage[] = []): Record<string, INodeType> {
	const seeds = readDataTableSeeds();
	return {
		'n8n-nodes-base.dataTable': standIn(
			'dataTable',
			[1, 1.1],
			[{ displayName: 'Data Table', name: 'dataTableId', type: 'resourceLocator', default: { mode: 'name', value: '' }, modes: [{ displayName: 'By Name', name: 'name', type: 'string' }] }],
			(context) => {
				const wanted = String(context.getNodeParameter('dataTableId', 0, '', { extractValue: true }));
				const seed = seeds.find((table) => table.name.toLowerCase() === wanted.toLowerCase());
				if (!seed) throw new NodeOperationError(context.getNode(), `Data table with name "${wanted}" not found`);
				return [(seed.rows ?? []).map((row, index) => ({ json: { id: index + 1, ...row } as IDataObject, pairedItem: { item: 0 } }))];
			},
		),
		'n8n-nodes-base.merge': standIn(
			'merge',
			[3, 3.1, 3.2],
			[{ displayName: 'Use Data of Input', name: 'useDataOfInput', type: 'number', default: 1 }],
			(context) => [context.getInputData(Number(context.getNodeParameter('useDataOfInput', 0, 1)) - 1)],
			2,
		),
		'n8n-nodes-base.emailSend': sender('emailSend', [2, 2.1], ['fromEmail', 'toEmail', 'subject', 'text', 'html'], sent),
		'n8n-nodes-base.slack': sender('slack', [2, 2.1, 2.2, 2.3], ['text'], sent),
	};
}
