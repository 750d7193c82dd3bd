// AWX's page-number pagination: `page` and `page_size` (at most 200, default 25) in, and
// {count, next, previous, results} out, with links a client can follow to the end.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';

export const PageQuery = Type.Object({
  page: Type.Optional(Type.String({ maxLength: 20, description: 'From 1' })),
  page_size: Type.Optional(Type.String({ maxLength: 20, description: 'At most 200, default 25' })),
});

const MAX_PAGE_SIZE = 200;
const DEFAULT_PAGE_SIZE = 25;

export interface PageRequest {
  page: number;
  size: number;
  offset: number;
}

const invalidPage = (): AppError => new AppError('not_found', 'Invalid page.');

export function pageRequest(query: { page?: string | undefined; page_size?: string | undefined }): PageRequest {
  const raw = query.page ?? '1';
  if (!/^[1-9]\d{0,9}$/.test(raw)) throw invalidPage();
  const page = Number(raw);
  const asked = query.page_size === undefined ? DEFAULT_PAGE_SIZE : Number(query.page_size);
  const size = Number.isSafeInteger(asked) && asked > 0 ? Math.min(asked, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  return { page, size, offset: (page - 1) * size };
}

function link(request: FastifyRequest, page: number, size: number): string {
  const url = new URL(request.url, 'http://tessera.invalid');
  url.searchParams.set('page', String(page));
  url.searchParams.set('page_size', String(size));
  return `${url.pathname}${url.search}`;
}

export function pageBody<T>(request: FastifyRequest, at: PageRequest, total: number, results: T[]): { count: number; next: string | null; previous: string | null; results: T[] } {
  if (at.page > 1 && at.offset >= total) throw invalidPage();
  return {
    count: total,
    next: at.offset + results.length < total ? link(request, at.page + 1, at.size) : null,
    previous: at.page > 1 ? link(request, at.page - 1, at.size) : null,
    results,
  };
}
