import { existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { silentLogger } from '../../src/logger';
import { startPlayground, type PlaygroundHandle } from '../../src/playground/launch';
import { DEFAULT_PLAYGROUND_PROFILE } from '../../src/playground/profile';
import { PlaygroundDriver } from '../support/playground-driver';

/**
 * `npm start` hands the playground a relative folder (data/playground). The playground must show the project's
 * own people, chats and team from it, not its built-in defaults ("Test Bot", "Alex Wilber", "General").
 */
describe('the Agents Playground started with a relative config folder', () => {
  const relativeDir = path.join('data', `playground-config-test-${process.pid}`);
  let bot: Server;
  let playground: PlaygroundHandle;
  let driver: PlaygroundDriver;

  beforeAll(async () => {
    bot = createServer((_req, res) => {
      res.statusCode = 200;
      res.end();
    });
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
    const address = bot.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    playground = await startPlayground({ botEndpoint: `http://127.0.0.1:${port}/api/messages`, port: 0, logger: silentLogger, configDir: relativeDir });
    driver = await PlaygroundDriver.connect(playground.url);
  }, 60_000);

  afterAll(async () => {
    await driver?.close();
    await playground?.close();
    await new Promise<void>((resolve) => bot.close(() => resolve()));
    rmSync(relativeDir, { recursive: true, force: true });
  });

  it('serves the configured bot, user, group chat and channel names', async () => {
    const config = await driver.config();
    const profile = DEFAULT_PLAYGROUND_PROFILE;
    expect(config.bot.name).toBe(profile.bot.name);
    expect(config.currentUser.name).toBe(profile.currentUser.name);
    expect(config.users.map((u) => u.name)).toEqual(profile.users.map((u) => u.name));
    expect(config.groupChats.map((g) => g.name)).toEqual([profile.groupChat.name]);
    expect(config.teams[0]?.name).toBe(profile.team.name);
    expect(config.teams[0]?.channels.map((c) => c.name)).toContain(profile.team.channel.name);
    expect(JSON.stringify(config)).not.toMatch(/Alex Wilber|Test Bot/);
  });

  it('writes its log into the folder it was given, not a nested copy of it', () => {
    expect(existsSync(path.join(relativeDir, 'playground.log'))).toBe(true);
    expect(existsSync(path.join(relativeDir, relativeDir))).toBe(false);
  });
});
