// The jurisdiction tree (reference data for pickers and for valid street codes); any authenticated user.
import { Router } from 'express';
import { GUANGZHOU, type JurisdictionNode } from '../../domain/jurisdictions';
import { tagRoute } from '../http/metrics';
import type { JurisdictionOut } from './schemas';

function toOut(node: JurisdictionNode): JurisdictionOut {
  return {
    code: node.code,
    level: node.level,
    nameZh: node.nameZh,
    nameEn: node.nameEn,
    parentCode: node.parentCode,
    ...(node.populationInDifficulty !== undefined ? { populationInDifficulty: node.populationInDifficulty } : {}),
    children: node.children.map(toOut),
  };
}

export function jurisdictionsRouter(): Router {
  const router = Router();
  // The tree is frozen at load; serialise it once.
  const body = JSON.stringify(toOut(GUANGZHOU));
  router.get('/jurisdictions', tagRoute, (_req, res) => {
    res.type('application/json').setHeader('Cache-Control', 'private, max-age=3600');
    res.send(body);
  });
  return router;
}
