import { EventPattern, MessagePattern } from '@nestjs/microservices';
export class Probe {
  @MessagePattern('funding.probe.get')
  get() {}
  @EventPattern('duban.projects.probe.recorded.v1', { durable: 'probe' })
  on() {}
}
