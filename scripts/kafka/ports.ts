/**
 * Free TCP ports on 127.0.0.1, chosen by the operating system (bind to port 0), so that tests
 * never collide on fixed ports.
 */
import { createServer, type Server } from 'node:net';

function listen(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * `count` distinct free ports. All are held open until every one is chosen, so they differ; they
 * are released before returning, so a process started right after can bind them.
 *
 * @example
 * const [broker, controller] = await freePorts(2);
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listen());
    return servers.map((s) => {
      const address = s.address();
      if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
