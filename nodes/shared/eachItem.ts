/**
 * The per-item loop every closed-loop node runs: one bad response fails alone, `continueOnFail`
 * is honoured, and every output item carries `pairedItem`.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FeedbackError } from '../core/feedback';

export type ItemStep = (item: INodeExecutionData, itemIndex: number) => Promise<IDataObject> | IDataObject;

/** One item a step sends out, and on which of the node's outputs. */
export interface RoutedItem {
	output: number;
	json: IDataObject;
}
export type RoutedItemStep = (item: INodeExecutionData, itemIndex: number) => Promise<RoutedItem[]> | RoutedItem[];

export async function eachItem(context: IExecuteFunctions, step: ItemStep): Promise<INodeExecutionData[]> {
	const [results] = await eachItemRouted(context, 1, async (item, itemIndex) => [{ output: 0, json: await step(item, itemIndex) }]);
	return results;
}

/**
 * The loop for a node with several outputs, where one input may give several items (or one on
 * another output). A failed item goes to the first output, where n8n's error output takes it.
 */
export async function eachItemRouted(context: IExecuteFunctions, outputCount: number, step: RoutedItemStep): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			for (const { output, json } of await step(items[itemIndex], itemIndex)) outputs[output].push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			const failure = toNodeError(context, error, itemIndex);
			if (!context.continueOnFail()) throw failure;
			outputs[0].push(failedItem(context, items[itemIndex], itemIndex, failure));
		}
	}
	return outputs;
}

/**
 * What a failed response becomes when the node continues on error: the input plus
 * `error` and `details: { field, hint }`, in both modes.
 * - "Continue (using error output)": n8n moves an item to the error output only when its JSON
 *   holds nothing but `error`/`message`/`details`, and merges the input back in itself.
 * - "Continue": the item stays on the main output, so the input is merged here.
 */
function failedItem(
	context: IExecuteFunctions,
	input: INodeExecutionData,
	itemIndex: number,
	failure: NodeOperationError,
): INodeExecutionData {
	const cause = failure.cause;
	const failureJson: IDataObject = {
		error: failure.message,
		details: { field: cause instanceof FeedbackError ? cause.field : null, hint: failure.description ?? null },
	};
	const json = context.getNode().onError === 'continueErrorOutput' ? failureJson : { ...input.json, ...failureJson };
	return { json, pairedItem: { item: itemIndex } };
}

function toNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof FeedbackError) {
		const failure = new NodeOperationError(context.getNode(), error.message, { itemIndex, description: error.hint });
		failure.cause = error;
		return failure;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(context.getNode(), message, { itemIndex });
}
