import { createLogger, Redactor } from '../../src/logger';

describe('logger redaction', () => {
  it('masks registered secrets in any case and api_key query parameters', () => {
    const lines: string[] = [];
    const redactor = new Redactor(['S3cretKeyValue']);
    const logger = createLogger({ sink: (l) => lines.push(l), redactor });
    redactor.add('app-password-xyz');
    logger.info('request', { url: 'http://itflow/api/v1/contacts/read.php?api_key=abc123&contact_id=4', note: 's3cretkeyvalue', other: 'APP-PASSWORD-XYZ' });
    logger.error('failed', { error: new Error('bad key S3cretKeyValue') });
    const all = lines.join('\n');
    expect(all).not.toMatch(/s3cretkeyvalue/i);
    expect(all).not.toMatch(/app-password-xyz/i);
    expect(all).not.toContain('abc123');
    expect(all).toContain('contact_id=4');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'request' });
  });

  it('drops lines below the level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', sink: (l) => lines.push(l) });
    logger.info('quiet');
    logger.child({ component: 'x' }).warn('loud');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'loud', component: 'x' });
  });
});
