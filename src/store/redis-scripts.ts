/**
 * Lua scripts run atomically by Redis. Each reads and writes only the keys it is given, so it stays correct when
 * several instances call it at once.
 */

/** KEYS: lock, fence counter. ARGV: token, ttl ms. Returns the new fence, or 0 when the lock is held. */
export const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return 0`;

/** KEYS: key. ARGV: expected value. Deletes only while the key still holds the caller's value. */
export const COMPARE_AND_DELETE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** KEYS: key. ARGV: expected value, ttl ms. Renews expiry only while the key still holds the caller's value. */
export const COMPARE_AND_EXPIRE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/** KEYS: claim. ARGV: pending value, ttl ms. Returns what was there (pending or done), or nil after claiming. */
export const CLAIM = `
local current = redis.call('GET', KEYS[1])
if current then
  return current
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;
