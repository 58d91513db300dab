import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREATE_CASE_OUTPUTS, createCaseProperties, providerCredentials } from './description';
import { runCaseOperation } from './operations';
import { CASE_PROVIDERS, DEFAULT_PROVIDER } from './providers';

export class CreateCase implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Create Case',
		name: 'createCase',
		icon: { light: 'file:createCase.svg', dark: 'file:createCase.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ ({ addNote: "Add note", close: "Close", create: "Create", get: "Get" })[$parameter["operation"]] + " case" }}',
		description: 'Opens one case per bad experience in your helpdesk, CRM or an n8n Data Table, and closes it with an honest record',
		defaults: {
			name: 'Create Case',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: CREATE_CASE_OUTPUTS,
		// One credential per provider, added by the constructor from the provider list.
		credentials: [],
		properties: createCaseProperties(CASE_PROVIDERS, DEFAULT_PROVIDER),
	};

	constructor() {
		// Built here rather than in the literal above, which n8n's lint reads and which must stay literal.
		this.description.credentials = providerCredentials(CASE_PROVIDERS);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runCaseOperation(this);
	}
}
