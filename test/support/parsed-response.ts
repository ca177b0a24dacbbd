/**
 * `finalResponse()` of the official client's stream helper returns a `ParsedResponse`
 * (openai/resources/responses/responses.d.ts: `ParsedResponse`, `ParsedResponseOutputText`,
 * `ParsedResponseFunctionToolCall`): its structured-output helper adds `output_parsed` to the
 * response, `parsed` to every message content part and `parsed_arguments` to every function
 * call. They are all null when the request asks for no parsing, which is checked before they
 * are removed. These are the only fields removed; `output_text` is kept.
 */
import type {
  ParsedResponse,
  Response,
  ResponseOutputItem,
} from 'openai/resources/responses/responses';
import { expect } from 'vitest';

/** The Response the wire carried, from the client's `ParsedResponse`. */
export function withoutParseHelpers(response: ParsedResponse<unknown> | undefined): Response {
  if (response === undefined) throw new Error('Expected a final response.');
  const { output_parsed, output, ...rest } = response;
  expect(output_parsed, 'output_parsed').toBeNull();
  return {
    ...rest,
    output: output.map((item): ResponseOutputItem => {
      if (item.type === 'function_call') {
        const { parsed_arguments, ...call } = item;
        expect(parsed_arguments, `parsed_arguments of ${item.id}`).toBeNull();
        return call;
      }
      if (item.type === 'message') {
        return {
          ...item,
          content: item.content.map((part) => {
            const parsed = 'parsed' in part ? part.parsed : undefined;
            expect(parsed, `parsed of a ${part.type} part of ${item.id}`).toBeNull();
            if (part.type !== 'output_text') return part;
            const { parsed: _parsed, ...text } = part;
            return text;
          }),
        };
      }
      return item;
    }),
  };
}
