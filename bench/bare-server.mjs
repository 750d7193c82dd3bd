// The yardstick: a bare Fastify server that answers GET/POST with the same JSON body Tessera's
// GET /api/auth/user gives, with no authentication, no store, no logging.
import Fastify from 'fastify';

const body = { id: 'usrAAAAAAAAAAAAAAAA', name: 'bench', avatar: null, email: 'bench@example.com' };
const app = Fastify({ logger: false });
app.get('/*', async () => body);
app.post('/*', async () => body);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
