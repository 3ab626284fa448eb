// The baseline every handler's bundle size and cold start are compared with, bundled the same way.
export const handler = async () => ({ statusCode: 200, body: 'hello' });
