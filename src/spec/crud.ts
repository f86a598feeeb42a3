export function classifyCrud(api: import("./model.ts").ApiModel) { return api; }
