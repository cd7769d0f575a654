import { Module } from '@nestjs/common';
import { Denials } from './denials';
import { RegionScope } from './region-scope';

/** Who may see what (RegionScope) and how refusals are recorded (Denials). */
@Module({ providers: [RegionScope, Denials], exports: [RegionScope, Denials] })
export class ScopeModule {}
