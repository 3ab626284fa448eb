/**
 * LOCAL ONLY: a stand-in for Meta's Send API, so that replies to customers who wrote by direct message go somewhere
 * visible on `npm start`: `POST /me/messages` (the page token checked) records the message; `GET /sent` lists them.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOCAL_PAGE_ACCESS_TOKEN = 'local-page-access-token';

export interface FakeSocialPlatform {
  url: string;
  sent: { recipient: { id: string }; messaging_type: string; message: { text: string }; message_id: string }[];
  stop(): Promise<void>;
}

export async function startFakeSocialPlatform(port = 0): Promise<FakeSocialPlatform> {
  const sent: FakeSocialPlatform['sent'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && req.url === '/sent') return reply(200, { sent });
      if (req.method !== 'POST' || req.url !== '/me/messages') return reply(404, { error: { message: 'Unknown path' } });
      if (req.headers.authorization !== `Bearer ${LOCAL_PAGE_ACCESS_TOKEN}`) return reply(401, { error: { message: 'Invalid OAuth access token' } });
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<FakeSocialPlatform['sent'][number], 'message_id'>;
        const message_id = `m_${randomUUID()}`;
        sent.push({ ...body, message_id });
        return reply(200, { recipient_id: body.recipient?.id, message_id });
      } catch {
        return reply(400, { error: { message: 'Invalid JSON' } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
