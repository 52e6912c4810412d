// The cross-Sector relations over the REST API (GET /api/library/related).
import { request } from '../../app/api';
import type { RelatedAnswer } from '../../../shared/model/related';
import type { Sector } from '../../../shared/model/resolution-refs';

export type { RelatedAnswer };

export function relatedResolutions(sector: Sector, number: string): Promise<RelatedAnswer> {
  return request<RelatedAnswer>('GET', `/api/library/related?sector=${encodeURIComponent(sector)}&number=${encodeURIComponent(number)}`);
}
