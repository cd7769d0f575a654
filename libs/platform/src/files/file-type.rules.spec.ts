import { sniffEvidenceType } from './file-type.rules';

describe('evidence file type from magic bytes', () => {
  it('recognises JPEG, PNG, WebP and PDF by content', () => {
    expect(sniffEvidenceType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffEvidenceType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffEvidenceType(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe(
      'image/webp',
    );
    expect(sniffEvidenceType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
  });

  it('refuses anything else, such as an executable or text named .jpg', () => {
    expect(sniffEvidenceType(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(sniffEvidenceType(Buffer.from('hello, not a photo'))).toBeNull();
    expect(sniffEvidenceType(Buffer.alloc(0))).toBeNull();
    expect(sniffEvidenceType(Buffer.from('RIFF\0\0\0\0WAVE'))).toBeNull();
  });
});
