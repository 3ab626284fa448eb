import { sendApiBody, type DirectMessageSender } from './outbound-message';

/**
 * The Send API of Meta's Graph API (`POST <base>/me/messages` with the page access token): on AWS
 * `https://graph.facebook.com/<version>`, on `npm start` the local fake platform, which records what it is sent. The
 * token is read when first needed (a Secrets Manager secret on AWS), not at cold start.
 */
export function graphApiSender(baseUrl: string, pageAccessToken: () => Promise<string>, fetchImpl: typeof fetch = fetch): DirectMessageSender {
  return {
    async send(reply) {
      const response = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/me/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await pageAccessToken()}` },
        body: JSON.stringify(sendApiBody(reply)),
      });
      if (!response.ok) throw new Error(`the platform refused the message: HTTP ${response.status}`);
      const body = (await response.json()) as { message_id?: string };
      if (!body.message_id) throw new Error('the platform returned no message id');
      return { messageId: body.message_id };
    },
  };
}
