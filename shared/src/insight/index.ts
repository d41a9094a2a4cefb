/** Member insight: pure RFM scoring, lifecycle stages, holdout split and campaign statistics. */
export * from './rfm';
export * from './stage';
export * from './holdout';
export * from './stats';
