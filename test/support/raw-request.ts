/**
 * One HTTP request through `node:http`, with any method and headers (Host and Origin included,
 * which `fetch` will not send as given), and its whole answer read.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Sends the request to 127.0.0.1:`port` and resolves with the answer once it has ended. */
export function rawRequest(port: number, options: RawRequest = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const client = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/v1/responses',
        headers: options.headers ?? {},
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (data: string) => {
          text += data;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
        );
      },
    );
    client.on('error', reject);
    client.end(options.body);
  });
}
