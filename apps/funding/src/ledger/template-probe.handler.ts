import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
@Controller()
export class Probe {
  @MessagePattern('funding.probe.get')
  get() {}
}
