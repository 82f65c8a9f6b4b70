/**
 * The label a describe gives a field, made from its API name as Salesforce's own labels read:
 * `Id` → `User ID`, `FirstName` → `First Name`, `ManagerId` → `Manager ID`, `IsActive` → `Active`,
 * `Cost_Center__c` → `Cost Center`.
 */
export function fieldLabel(objectName: string, fieldName: string): string {
  if (fieldName === 'Id') return `${objectName} ID`;
  if (fieldName.endsWith('__c')) return fieldName.slice(0, -3).replace(/_+/g, ' ');
  const words = fieldName
    .replace(/^Is(?=[A-Z])/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(' ');
  if (words.length > 1 && words[words.length - 1] === 'Id') words[words.length - 1] = 'ID';
  return words.join(' ');
}
