import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Actor, type Role } from '@duban/contracts';
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../../accounts/password-hasher';

/** The body of POST /api/auth/login, checked at the edge (400 naming each bad field). */
// Messages reach users (beside the form's fields): in Chinese, as the platform's zod locale.
const text = () => z.string({ error: (issue) => (issue.input === undefined ? '必填' : '应为文本') });

const loginFields = z.object({
  username: text().trim().min(1, '必填').max(64, '不能超过 64 个字符'),
  password: text().min(1, '必填').max(MAX_PASSWORD_LENGTH, `不能超过 ${MAX_PASSWORD_LENGTH} 个字符`),
});
/** A request without a body is answered like an empty form: each missing field named. */
export const loginRequestSchema = z.preprocess((body) => body ?? {}, loginFields);
export type LoginRequest = z.infer<typeof loginFields>;

// The classes below only describe the shapes in OpenAPI; the zod schema above is what validates.

export class LoginRequestDto implements LoginRequest {
  @ApiProperty({ example: 'linxian', description: 'Case-insensitive' })
  username!: string;

  @ApiProperty({ example: 'duban-demo', format: 'password' })
  password!: string;
}

export class ActorDto implements Actor {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ example: 'linxian' })
  username!: string;

  @ApiProperty({ example: '刘星' })
  displayName!: string;

  @ApiProperty({ enum: ROLES, example: 'county_officer' })
  role!: Role;

  @ApiProperty({
    type: [String],
    example: ['141124'],
    description: 'Regions whose whole subtree the caller may see',
  })
  regionCodes!: string[];
}

export class MeDto extends ActorDto {
  @ApiProperty({ description: 'The password was set by an administrator: change it (POST /api/me/password) first' })
  mustChangePassword!: boolean;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'An HS256 JWT; send it as `Authorization: Bearer <accessToken>`' })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the token expires', example: 28800 })
  expiresIn!: number;

  @ApiProperty({ type: ActorDto })
  actor!: ActorDto;

  @ApiProperty({
    description:
      'The password was set by an administrator (a new account or a reset): every route but POST /api/me/password, ' +
      'GET /api/me and POST /api/auth/logout answers 403 必须先修改密码 until it is changed',
  })
  mustChangePassword!: boolean;
}
