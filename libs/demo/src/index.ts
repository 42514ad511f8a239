export * from './demo-math';
export * from './jiangmen-catalogue';
export * from './jiangmen-plan';
export * from './demo-schedule';
export * from './demo-writer';
export * from './city-plan';
