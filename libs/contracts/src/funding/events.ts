import { deadlineEventsOf } from '../deadlines';

/**
 * The funding service's notices (`duban.funding.notice.raised.v1`): a flagged expenditure tells the
 * county's city officer. The notifications service turns it into an inbox message.
 */
export const FundingNotices = deadlineEventsOf('funding');
