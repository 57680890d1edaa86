/**
 * Metric math for the 5xx that were faults: `errors` minus the service's deliberate load-shedding
 * 503s in `shed`, never below 0. A missing shed series counts as 0, so a dead metrics collector errs
 * toward paging. `IF`, not `MAX`: `MAX(series)` reduces a whole series to one number.
 */
export const faultExpression = (errors: string, shed: string): string => `IF(${errors} > FILL(${shed}, 0), ${errors} - FILL(${shed}, 0), 0)`;
