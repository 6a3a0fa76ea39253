import { Hono } from 'hono';
import { createTokenBody, deleteTokenBody } from '../config/control-requests';
import type { AppEnv } from '../env';
import { forgetToken } from '../gateway/auth';
import { permissionDenied, resourceMissing } from '../gateway/errors';
import { randomHex, sha256Hex } from '../storage/crypto';
import * as store from '../storage/tokens';
import { validBody } from './validate';

// Gateway tokens (CONTRACT §4). Only the hash is stored; the value is shown once, at creation.

export const tokenRoutes = new Hono<AppEnv>();

const tokenInfo = (t: store.TokenRecord) => ({
  token_id: t.token_id,
  creation_time: t.creation_time,
  expiry_time: t.expiry_time,
  comment: t.comment ?? '',
  principal: t.principal,
  principal_type: t.principal_type,
  groups: t.groups,
});

tokenRoutes.post('/api/2.0/token/create', async (c) => {
  const body = await validBody(c, createTokenBody);
  const caller = c.get('principal');
  const forSomeoneElse =
    body.principal !== undefined || body.principal_type !== undefined || body.groups !== undefined;
  if (forSomeoneElse && !caller.isAdmin)
    throw permissionDenied('Only the admin may create tokens for another principal.');
  const value = `dgw${randomHex(32)}`;
  const now = Date.now();
  const record: store.TokenRecord = {
    token_id: randomHex(16),
    token_hash: await sha256Hex(value),
    principal: body.principal ?? caller.name,
    principal_type: body.principal_type ?? caller.type,
    groups:
      body.groups ??
      (forSomeoneElse ? [] : caller.groups.filter((g) => !caller.isAdmin || g !== 'admins')),
    comment: body.comment ?? null,
    creation_time: now,
    expiry_time: body.lifetime_seconds ? now + body.lifetime_seconds * 1000 : -1,
    created_by: caller.name,
  };
  await store.insertToken(c.env.DB, record);
  return c.json({ token_value: value, token_info: tokenInfo(record) });
});

tokenRoutes.get('/api/2.0/token/list', async (c) => {
  const caller = c.get('principal');
  const tokens = await store.listTokens(c.env.DB, caller.isAdmin ? undefined : caller.name);
  return c.json({ token_infos: tokens.map(tokenInfo) });
});

tokenRoutes.post('/api/2.0/token/delete', async (c) => {
  const { token_id } = await validBody(c, deleteTokenBody);
  const caller = c.get('principal');
  const token = await store.findToken(c.env.DB, token_id);
  if (!token || (!caller.isAdmin && token.principal !== caller.name)) {
    throw resourceMissing(`Token ${token_id} does not exist.`);
  }
  await store.deleteToken(c.env.DB, token_id);
  forgetToken(token.token_hash);
  return c.json({});
});
