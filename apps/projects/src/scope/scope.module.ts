import { Module } from '@nestjs/common';
import { RegionsRepository } from '../regions/regions.repository';
import { RegionScope } from './region-scope.service';

/**
 * The region tree as data (RegionsRepository, the one owner of projects.region) and what part of it a
 * caller may see (RegionScope). Every feature that checks scope imports this; no feature depends back on it.
 */
@Module({ providers: [RegionsRepository, RegionScope], exports: [RegionsRepository, RegionScope] })
export class ScopeModule {}
